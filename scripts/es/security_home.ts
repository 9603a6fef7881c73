// A copy of the distribution with the analysis plugin the `.security` index needs, for security-on runs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PLUGIN = 'security-analysis';
const SOURCE = join(__dirname, 'security_analysis', 'src');

/**
 * The integ-test-zip distribution has no analysis-common module, and the `.security` index's
 * mappings name its `email` analyzer (`uax_url_email`, `pattern_capture`, `unique`): without
 * them Elasticsearch cannot create that index, so there are no API keys, users or roles. This
 * builds (once per version) a copy of the distribution with a small plugin that provides them,
 * compiled from security_analysis/ with the JDK's `javac` against the distribution's jars.
 */
export function securityHome(home: string, version: string, javaHome: string): string {
  const target = join(tmpdir(), `bt-elasticsearch-${version}-security`);
  if (existsSync(join(target, 'plugins', PLUGIN, 'plugin-descriptor.properties'))) return target;
  const staging = `${target}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  execFileSync('cp', ['-a', home, staging]);
  const classes = mkdtempSync(join(tmpdir(), 'bt-es-plugin-'));
  try {
    execFileSync(join(javaHome, 'bin', 'javac'), [
      '--release',
      '21',
      '-cp',
      join(home, 'lib', '*'),
      '-d',
      classes,
      join(SOURCE, 'org', 'backgroundtasks', 'analysis', 'SecurityAnalysisPlugin.java'),
    ]);
    const pluginDir = join(staging, 'plugins', PLUGIN);
    mkdirSync(pluginDir, { recursive: true });
    execFileSync(join(javaHome, 'bin', 'jar'), [
      'cf',
      join(pluginDir, `${PLUGIN}.jar`),
      '-C',
      classes,
      '.',
    ]);
    writeFileSync(
      join(pluginDir, 'plugin-descriptor.properties'),
      [
        'description=Analysis parts of the .security index mappings (email analyzer)',
        `version=${version}`,
        `name=${PLUGIN}`,
        'classname=org.backgroundtasks.analysis.SecurityAnalysisPlugin',
        'java.version=21',
        `elasticsearch.version=${version}`,
        '',
      ].join('\n')
    );
  } finally {
    rmSync(classes, { recursive: true, force: true });
  }
  // The rename is atomic: `target` is whole or absent. Another process may have won the race.
  try {
    renameSync(staging, target);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  return target;
}
