// Fetches the Elasticsearch distribution from Maven Central into a git-ignored cache, once.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The Elasticsearch version the project provisions. 9.5.4 is the newest 9.x that Maven
 * Central serves as `integ-test-zip` (9.5.5 and 9.5.6 answer 404 there). Keep it in step
 * with the `@elastic/elasticsearch` client's major version in package.json.
 */
export const ES_VERSION = process.env.ES_VERSION ?? '9.5.4';

const ARTIFACT = 'org.elasticsearch.distribution.integ-test-zip:elasticsearch';

export const CACHE_DIR = resolve(__dirname, '..', '..', '.cache', 'elasticsearch');

export interface Distribution {
  version: string;
  home: string;
  /** true when this call downloaded the zip; false when the cache already held it */
  downloaded: boolean;
}

/** Returns the unpacked distribution, downloading and unzipping it only when it is missing. */
export function ensureDistribution(version = ES_VERSION): Distribution {
  const home = join(CACHE_DIR, `elasticsearch-${version}`);
  if (existsSync(join(home, 'bin', 'elasticsearch'))) {
    return { version, home, downloaded: false };
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  const zip = join(CACHE_DIR, `elasticsearch-${version}.zip`);
  let downloaded = false;
  if (!existsSync(zip)) {
    // dependency:copy reuses ~/.m2 when the artifact is already there.
    execFileSync(
      'mvn',
      [
        '-q',
        '-B',
        '-Dstyle.color=never',
        'dependency:copy',
        `-Dartifact=${ARTIFACT}:${version}:zip`,
        `-DoutputDirectory=${CACHE_DIR}`,
        '-Dmdep.overWriteReleases=true',
      ],
      { stdio: 'inherit' }
    );
    downloaded = true;
  }
  // Unzip next to the target and rename, so an interrupted unzip never looks complete.
  const staging = join(CACHE_DIR, `.unzip-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  execFileSync('unzip', ['-q', zip, '-d', staging], { stdio: 'inherit' });
  const [top] = readdirSync(staging);
  rmSync(home, { recursive: true, force: true });
  renameSync(join(staging, top), home);
  rmSync(staging, { recursive: true, force: true });
  return { version, home, downloaded };
}

/** The major Java version of a JDK folder, read from its `release` file. */
function javaMajor(jdkHome: string): number | undefined {
  try {
    const release = readFileSync(join(jdkHome, 'release'), 'utf8');
    const match = /JAVA_VERSION="(\d+)/.exec(release);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Chooses a JDK the version supports: Elasticsearch 9 needs Java 21 or newer, 8.x needs 17.
 * ES_JAVA_HOME or JAVA_HOME win when they are new enough; otherwise the newest JDK under
 * /usr/lib/jvm.
 */
export function chooseJavaHome(version = ES_VERSION): string {
  const minimum = Number(version.split('.')[0]) >= 9 ? 21 : 17;
  const candidates = [process.env.ES_JAVA_HOME, process.env.JAVA_HOME].filter(
    (dir): dir is string => Boolean(dir)
  );
  const jvmRoot = '/usr/lib/jvm';
  const installed = existsSync(jvmRoot)
    ? readdirSync(jvmRoot)
        .map((name) => join(jvmRoot, name))
        .sort((a, b) => (javaMajor(b) ?? 0) - (javaMajor(a) ?? 0))
    : [];
  const chosen = [...candidates, ...installed].find((dir) => (javaMajor(dir) ?? 0) >= minimum);
  if (!chosen) {
    throw new Error(
      `Elasticsearch ${version} needs Java ${minimum} or newer: set ES_JAVA_HOME to such a JDK`
    );
  }
  return chosen;
}
