// `npm run soak -- --heap-snapshots`: each process's live V8 heap, from a heap snapshot it writes
// on a signal (Node's `--heapsnapshot-signal`). V8 collects all garbage before a snapshot, so
// its objects are what survives, the exact leak measure; but writing one costs the process
// 100+ MiB of native memory it keeps, so a run that takes them says nothing about RSS.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../system/wait_for';

export const SNAPSHOT_SIGNAL = 'SIGUSR2';

/** `NODE_OPTIONS` flags that make a Node process write a heap snapshot into `dir` on the signal. */
export function snapshotNodeOptions(dir: string): string {
  return `--heapsnapshot-signal=${SNAPSHOT_SIGNAL} --diagnostic-dir=${dir}`;
}

export interface HeapSnapshotFile {
  snapshot: { meta: { node_fields: string[] } };
  nodes: number[];
}

/** The sum of every object's own size in a `.heapsnapshot` (V8's JSON format), MiB. */
export function liveHeapMiB(snapshot: HeapSnapshotFile): number {
  const fields = snapshot.snapshot.meta.node_fields;
  const selfSize = fields.indexOf('self_size');
  if (selfSize < 0) throw new Error('heap snapshot without self_size');
  let bytes = 0;
  for (let i = selfSize; i < snapshot.nodes.length; i += fields.length) bytes += snapshot.nodes[i];
  return bytes / (1024 * 1024);
}

/** Whether process `pid` was started with the snapshot signal (else the signal would end it). */
export function takesSnapshots(pid: number): boolean {
  const environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
  const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  return `${environ}\0${cmdline}`.includes(`--heapsnapshot-signal=${SNAPSHOT_SIGNAL}`);
}

const snapshotsOf = (dir: string, pid: number) =>
  existsSync(dir)
    ? readdirSync(dir).filter((f) => f.endsWith('.heapsnapshot') && f.includes(`.${pid}.`))
    : [];

/**
 * Signals `pid` to write a snapshot into `dir` and waits until it is written: the file is there,
 * has not grown for a second, and the process answers `probeUrl` (it writes on its main thread).
 * Answers the file and the live heap it holds.
 */
export async function takeHeapSnapshot(
  pid: number,
  dir: string,
  probeUrl: string,
  timeoutMs = 120_000
): Promise<{ file: string; liveMiB: number }> {
  if (!takesSnapshots(pid)) {
    throw new Error(`process ${pid} was not started with ${SNAPSHOT_SIGNAL} heap snapshots`);
  }
  const before = new Set(snapshotsOf(dir, pid));
  process.kill(pid, SNAPSHOT_SIGNAL);
  let lastSize = -1;
  const file = await waitFor(
    async () => {
      const name = snapshotsOf(dir, pid).find((f) => !before.has(f));
      if (!name) return undefined;
      const size = statSync(join(dir, name)).size;
      const stable = size > 0 && size === lastSize;
      lastSize = size;
      if (!stable) return undefined;
      await fetch(probeUrl, { signal: AbortSignal.timeout(30_000) });
      return join(dir, name);
    },
    { timeoutMs, intervalMs: 1000, description: `a heap snapshot of process ${pid}` }
  );
  return { file, liveMiB: liveHeapMiB(JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshotFile) };
}
