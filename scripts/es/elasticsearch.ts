// Starts a throwaway Elasticsearch node on loopback (single-node, or one node of a loopback
// cluster) and stops it cleanly.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chooseJavaHome, ensureDistribution, ES_VERSION } from './distribution';
import { securityHome } from './security_home';

export interface RunningElasticsearch {
  url: string;
  version: string;
  pid: number;
  /** milliseconds from spawn until the cluster answered with a yellow or green health */
  startMs: number;
  downloaded: boolean;
  /** the `Authorization` header of the `elastic` superuser; absent when security is off */
  authorization?: string;
  stop(): Promise<void>;
  /** SIGKILL of its process group, as for a crash; the work folder is kept until {@link stop} */
  kill(): Promise<void>;
}

/** One node of a multi-node cluster on loopback (see elasticsearch_cluster.ts). */
export interface ClusterNodeOptions {
  /** `cluster.name`, the same on every node */
  name: string;
  /** `node.name`, unique in the cluster */
  nodeName: string;
  /** this node's transport port, which `seedHosts` of the others name */
  transportPort: number;
  /** `discovery.seed_hosts`: every node's `127.0.0.1:<transport port>` */
  seedHosts: string[];
  /** `cluster.initial_master_nodes`: the node names that bootstrap the cluster together */
  initialMasterNodes: string[];
}

export interface StartOptions {
  /** JVM heap, e.g. '512m'. @defaultValue '512m' */
  heap?: string;
  /** HTTP port; 0 picks a free one. @defaultValue 0 */
  port?: number;
  /** how long to wait for the cluster to answer, in ms. @defaultValue 180000 */
  timeoutMs?: number;
  /** pid whose death must take Elasticsearch down too. @defaultValue process.pid */
  ownerPid?: number;
  /**
   * A work folder (config, data, logs) to use and keep: starting again with the same folder
   * and `port` brings the same node back with its data. @defaultValue a fresh temporary
   * folder, removed on stop
   */
  workDir?: string;
  /**
   * Turns security on (`xpack.security.enabled`, plain HTTP on loopback) with this password for
   * the built-in `elastic` superuser, set as the keystore's `bootstrap.password`.
   * @defaultValue security off
   */
  elasticPassword?: string;
  /**
   * Starts this node as one of a loopback cluster instead of `discovery.type: single-node`; its
   * health answers once a master is elected, so start the initial master nodes together.
   * @defaultValue a single-node cluster
   */
  cluster?: ClusterNodeOptions;
}

/** The built-in superuser's Basic `Authorization` header. */
export function elasticAuthorization(password: string): string {
  return `Basic ${Buffer.from(`elastic:${password}`).toString('base64')}`;
}

/**
 * Writes `bootstrap.password` into a new keystore in `configDir`: the `elastic` user's
 * password until one is stored in the security index, as Elasticsearch's own set-up does it.
 */
function writeBootstrapPassword(
  home: string,
  configDir: string,
  javaHome: string,
  password: string
) {
  const env = { ...process.env, ES_PATH_CONF: configDir, ES_JAVA_HOME: javaHome };
  const keystore = join(home, 'bin', 'elasticsearch-keystore');
  execFileSync(keystore, ['create'], { env, stdio: 'ignore' });
  execFileSync(keystore, ['add', '-x', '-f', 'bootstrap.password'], {
    env,
    input: password,
    stdio: ['pipe', 'ignore', 'pipe'],
  });
}

/**
 * Elasticsearch refuses to run as root, and CI runs as root: then it runs as `nobody`
 * (uid/gid 65534), over a work folder handed to that user.
 */
function unprivilegedUser(): { uid: number; gid: number } | undefined {
  return process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
}

function chownTree(dir: string, { uid, gid }: { uid: number; gid: number }) {
  mkdirSync(join(dir, 'data'), { recursive: true });
  mkdirSync(join(dir, 'logs'), { recursive: true });
  execFileSync('chown', ['-R', `${uid}:${gid}`, dir]);
}

/** Whether a user other than the owner can reach `path`: every folder above it searchable. */
function reachableByOthers(path: string): boolean {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dir === dirname(dir)) return true;
  }
}

/**
 * The distribution folder `nobody` can read. A clone in a private folder (a home folder, a
 * `mktemp -d`) hides the cache from that user, so the distribution is staged once into the
 * system's temporary folder, read-only for others, and reused from there.
 */
function readableDistribution(home: string, version: string): string {
  if (reachableByOthers(home)) return home;
  const staged = join(tmpdir(), `bt-elasticsearch-${version}`);
  if (!existsSync(join(staged, 'bin', 'elasticsearch'))) {
    const staging = `${staged}.${process.pid}`;
    rmSync(staging, { recursive: true, force: true });
    execFileSync('cp', ['-a', home, staging]);
    // The rename is atomic: `staged` is whole or absent. Another process may have won the race.
    try {
      renameSync(staging, staged);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  if (!reachableByOthers(staged)) {
    throw new Error(
      `Elasticsearch runs as "nobody" when started by root, and that user cannot reach ${home} ` +
        `nor ${staged}: set TMPDIR to a folder every user can enter (e.g. /tmp), or run as a user`
    );
  }
  return staged;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject()
      );
    });
  });
}

async function waitForHealth(
  url: string,
  child: ChildProcess,
  deadline: number,
  log: string,
  authorization?: string
) {
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(
        `Elasticsearch exited with code ${child.exitCode} during start-up; its log:\n${tail(log)}`
      );
    }
    try {
      const response = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`, {
        headers: authorization ? { authorization } : {},
      });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Elasticsearch did not answer at ${url} in time; its log:\n${tail(log)}`);
}

function tail(file: string, lines = 40): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Provisions (or reuses) the distribution and starts one node with a fresh data folder,
 * security off unless `elasticPassword` is given, on 127.0.0.1. A detached watchdog kills it if `ownerPid` dies without
 * stopping it (Ctrl-C twice, SIGKILL), so no JVM outlives the run.
 */
export async function startElasticsearch(
  options: StartOptions = {}
): Promise<RunningElasticsearch> {
  const distribution = ensureDistribution(ES_VERSION);
  const { version, downloaded } = distribution;
  const user = unprivilegedUser();
  const readable = user ? readableDistribution(distribution.home, version) : distribution.home;
  const javaHome = chooseJavaHome(version);
  const security = options.elasticPassword !== undefined;
  const home = security ? securityHome(readable, version, javaHome) : readable;
  const port = options.port || (await freePort());
  const transportPort = options.cluster?.transportPort ?? (await freePort());
  const keepWork = options.workDir !== undefined;
  const work = options.workDir ?? mkdtempSync(join(tmpdir(), 'bt-es-'));
  mkdirSync(work, { recursive: true });
  const logFile = join(work, 'stdout.log');
  // Each run gets its own config folder: Elasticsearch writes its keystore there.
  cpSync(join(home, 'config'), join(work, 'config'), { recursive: true });
  if (security)
    writeBootstrapPassword(home, join(work, 'config'), javaHome, options.elasticPassword!);
  const out = openSync(logFile, 'a');
  if (user) chownTree(work, user);
  const started = Date.now();
  const cluster = options.cluster;
  const discovery = cluster
    ? {
        'cluster.name': cluster.name,
        'node.name': cluster.nodeName,
        'discovery.seed_hosts': cluster.seedHosts.join(','),
        'cluster.initial_master_nodes': cluster.initialMasterNodes.join(','),
      }
    : { 'discovery.type': 'single-node' };
  const settings = {
    ...discovery,
    'network.host': '127.0.0.1',
    'http.port': String(port),
    'transport.port': String(transportPort),
    'path.data': join(work, 'data'),
    'path.logs': join(work, 'logs'),
    'xpack.security.enabled': String(security),
    ...(security
      ? {
          'xpack.security.http.ssl.enabled': 'false',
          'xpack.security.transport.ssl.enabled': 'false',
          'xpack.security.authc.api_key.enabled': 'true',
        }
      : {}),
    'cluster.routing.allocation.disk.threshold_enabled': 'false',
    'action.destructive_requires_name': 'false',
  };
  const child = spawn(
    join(home, 'bin', 'elasticsearch'),
    Object.entries(settings).map(([key, value]) => `-E${key}=${value}`),
    {
      detached: true,
      stdio: ['ignore', out, out],
      ...(user ?? {}),
      env: {
        ...process.env,
        ES_PATH_CONF: join(work, 'config'),
        ES_JAVA_HOME: javaHome,
        ES_JAVA_OPTS: `-Xms${options.heap ?? '512m'} -Xmx${options.heap ?? '512m'}`,
      },
    }
  );
  closeSync(out);
  const pid = child.pid!;
  const watchdog = spawn(
    process.execPath,
    [join(__dirname, 'watchdog.js'), String(options.ownerPid ?? process.pid), String(pid)],
    { detached: true, stdio: 'ignore' }
  );
  watchdog.unref();

  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      if (isAlive(pid)) {
        try {
          process.kill(-pid, 'SIGTERM');
        } catch {
          // already gone
        }
        const deadline = Date.now() + 30_000;
        while (isAlive(pid) && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 100));
        }
        if (isAlive(pid)) process.kill(-pid, 'SIGKILL');
      }
      try {
        process.kill(watchdog.pid!, 'SIGTERM');
      } catch {
        // the watchdog leaves by itself once Elasticsearch is gone
      }
      if (!keepWork) rmSync(work, { recursive: true, force: true });
    })();
    return stopped;
  };
  const kill = async () => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
    // The group: the launcher's JVM child must be gone too (its sockets closed).
    while (isAlive(-pid)) await new Promise((r) => setTimeout(r, 20));
  };

  const url = `http://127.0.0.1:${port}`;
  const authorization = security ? elasticAuthorization(options.elasticPassword!) : undefined;
  try {
    await waitForHealth(
      url,
      child,
      started + (options.timeoutMs ?? 180_000),
      logFile,
      authorization
    );
  } catch (error) {
    await stop();
    throw error;
  }
  child.unref();
  return {
    url,
    version,
    pid,
    startMs: Date.now() - started,
    downloaded,
    ...(authorization ? { authorization } : {}),
    stop,
    kill,
  };
}
