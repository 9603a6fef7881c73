import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..', '..');
const assertions = join(__dirname, 'kibana_main_declarations.ts');
const overridesDir = join(root, 'packages', 'kibana-main-overrides');

function parseConfig(name: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, name), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`Could not read ${name}`);
  return parsed;
}

/** The assertion file alone, compiled with the options of `config`, and its errors. */
function compileAssertions(config: string): { program: ts.Program; errors: string[] } {
  const program = ts.createProgram([assertions], parseConfig(config).options);
  const errors = ts
    .getPreEmitDiagnostics(program, program.getSourceFile(assertions))
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  return { program, errors };
}

function dtsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? dtsFiles(join(dir, entry.name))
      : entry.name.endsWith('.d.ts')
        ? [join(dir, entry.name)]
        : []
  );
}

describe('the Kibana main (2026) declaration set', () => {
  const { options, fileNames } = parseConfig('tsconfig.kibana_main.json');
  const mapped = Object.values(options.paths ?? {}).flatMap((targets) =>
    targets.map((target) => join(root, target))
  );

  it('maps @kbn modules to files that exist', () => {
    expect(mapped.filter((file) => !existsSync(file))).toEqual([]);
  });

  // One program serves both: the assertions import every mapped module.
  let main: ReturnType<typeof compileAssertions>;
  beforeAll(() => {
    main = compileAssertions('tsconfig.kibana_main.json');
  });

  it('holds no declaration file that the mapped modules do not reach', () => {
    const reached = new Set(main.program.getSourceFiles().map((file) => file.fileName));
    const unreached = dtsFiles(overridesDir).filter((file) => !reached.has(file));
    expect(unreached.map((file) => relative(root, file))).toEqual([]);
  });

  it("type-checks the plugin's server/, public/ and common/ and the assertions", () => {
    const checked = new Set(fileNames.map((file) => relative(root, file).split('/')[0]));
    expect(checked).toEqual(new Set(['server', 'public', 'common', 'scripts']));
    expect(fileNames).toContain(assertions);
  });

  it('satisfies the assertions about main', () => {
    expect(main.errors).toEqual([]);
  });

  it('differs from 9.3: the same assertions fail against the 9.3 stand-ins', () => {
    const { errors } = compileAssertions('tsconfig.json');
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining("Cannot find module '@kbn/core-spaces-common'"),
        expect.stringContaining("Property 'signal' does not exist on type 'RunContext'"),
        expect.stringContaining("Property 'executionUuid' does not exist on type 'RunContext'"),
      ])
    );
  });
});
