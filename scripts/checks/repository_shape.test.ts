// Guards the repository's shape: the plugin manifest Kibana reads, and the stand-ins' pedigree.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { parse, type ParseError } from 'jsonc-parser';
import { major, minVersion, satisfies } from 'semver';

const root = join(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : tsFiles(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('kibana.jsonc', () => {
  it('is valid JSONC with the fields Kibana requires of a plugin manifest', () => {
    const errors: ParseError[] = [];
    const manifest = parse(readFileSync(join(root, 'kibana.jsonc'), 'utf8'), errors);
    expect(errors).toEqual([]);
    expect(manifest).toMatchObject({
      type: 'plugin',
      id: '@kbn/background-tasks-plugin',
      owner: expect.any(String),
      plugin: {
        id: 'backgroundTasks',
        server: true,
        browser: true,
        configPath: ['xpack', 'background_tasks'],
        requiredPlugins: ['taskManager', 'encryptedSavedObjects'],
      },
    });
  });
});

describe('the @kbn stand-ins', () => {
  const packagesDir = join(root, 'packages');
  const files = readdirSync(packagesDir).flatMap((pkg) => tsFiles(join(packagesDir, pkg)));

  it.each(files.map((file) => [relative(root, file)]))(
    '%s names the Kibana file it mirrors',
    (file) => {
      const [firstLine] = readFileSync(join(root, file), 'utf8').split('\n');
      expect(firstLine).toMatch(/^\/\/ Mirrors .*\(elastic\/kibana/);
    }
  );
});

describe('the Node.js version', () => {
  const { engines } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    engines: { node: string };
  };
  const oldest = minVersion(engines.node)!.version;

  it('the README names is the oldest package.json accepts', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`Node.js ${major(oldest)} or newer`);
  });

  it('runs every locked package (npm ci gives no EBADENGINE warning)', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } | string[] }>;
    };
    const refusing = Object.entries(lock.packages)
      .map(([path, entry]) => [path, (entry.engines as { node?: string })?.node] as const)
      .filter(([, range]) => typeof range === 'string' && !satisfies(oldest, range));
    expect(refusing).toEqual([]);
  });
});

describe('relative links in the documentation', () => {
  const docsDir = join(root, 'docs');
  const documents = [
    'README.md',
    join('dispatcher', 'README.md'),
    ...readdirSync(docsDir)
      .filter((name) => name.endsWith('.md'))
      .map((name) => join('docs', name)),
  ];

  /**
   * The targets of inline links and images (`[text](target)`, `![alt](target)`) and of link
   * definitions (`[label]: target`), outside code: a path in backticks is prose, not a link.
   * No Markdown parser is a dependency, and these two forms are all the documents use.
   */
  function linkTargets(markdown: string): string[] {
    const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
    const inline = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)];
    const definitions = [...prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)];
    return [...inline, ...definitions].map((match) => match[1]);
  }

  /** A link to elsewhere on the web or within the same page leaves the repository's files alone. */
  const isRelative = (target: string) => !/^(?:[a-z][a-z0-9+.-]*:|#)/i.test(target);

  it.each(documents.map((document) => [document]))(
    '%s links only to files inside the repository that exist',
    (document) => {
      const markdown = readFileSync(join(root, document), 'utf8');
      const broken = linkTargets(markdown)
        .filter(isRelative)
        .flatMap((target) => {
          const path = decodeURIComponent(target.split('#')[0]);
          const resolved = join(root, dirname(document), path);
          const inside = relative(root, resolved);
          if (inside.startsWith('..') || isAbsolute(inside))
            return [`${target} (outside the repository)`];
          return existsSync(resolved) ? [] : [`${target} (no such file)`];
        });
      expect(broken).toEqual([]);
    }
  );

  it('finds the links it checks (the README links the architecture document)', () => {
    expect(linkTargets(readFileSync(join(root, 'README.md'), 'utf8'))).toContain(
      'docs/architecture.md'
    );
  });

  it('names nothing outside the repository as the design', () => {
    for (const document of documents) {
      expect(readFileSync(join(root, document), 'utf8')).not.toMatch(/\.\.\/shared\//);
    }
  });
});
