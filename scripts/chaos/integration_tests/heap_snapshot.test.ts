// The soak's exact leak measure on a real Node process: a child that keeps 40 MiB more after a
// request shows about that much more live heap, and the garbage it drops does not count.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  liveHeapMiB,
  snapshotNodeOptions,
  takeHeapSnapshot,
  takesSnapshots,
} from '../heap_snapshot';

const CHILD = `
const http = require('node:http');
const kept = [];
const mib = () => 'x'.repeat(1024 * 1024).split('').join('');
http.createServer((req, res) => {
  if (req.url === '/keep') kept.push(Array.from({ length: 40 }, mib));
  if (req.url === '/garbage') for (let i = 0; i < 50; i++) globalThis.last = mib();
  res.end('ok');
}).listen(0, '127.0.0.1', function () { process.send(this.address().port); });
`;

describe('live heap from a heap snapshot', () => {
  let dir: string;
  let child: ChildProcess;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'heap-'));
    child = spawn(process.execPath, ['-e', CHILD], {
      env: { ...process.env, NODE_OPTIONS: snapshotNodeOptions(dir) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const port = await new Promise<number>((resolve) =>
      child.once('message', (p) => resolve(p as number))
    );
    url = `http://127.0.0.1:${port}`;
  });

  afterAll(() => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('grows by what the process keeps, not by its garbage', async () => {
    expect(takesSnapshots(child.pid!)).toBe(true);
    expect(takesSnapshots(process.pid)).toBe(false);
    const base = await takeHeapSnapshot(child.pid!, dir, url);
    await fetch(`${url}/garbage`);
    const afterGarbage = await takeHeapSnapshot(child.pid!, dir, url);
    await fetch(`${url}/keep`);
    const afterKeep = await takeHeapSnapshot(child.pid!, dir, url);
    expect(new Set([base.file, afterGarbage.file, afterKeep.file]).size).toBe(3);
    expect(base.liveMiB).toBeGreaterThan(1);
    // 50 MiB were allocated; the last string is still referenced
    expect(afterGarbage.liveMiB - base.liveMiB).toBeLessThan(5);
    expect(afterKeep.liveMiB - afterGarbage.liveMiB).toBeGreaterThan(35);
    expect(afterKeep.liveMiB - afterGarbage.liveMiB).toBeLessThan(50);
  });

  it('sums the self sizes of a snapshot', () => {
    const snapshot = {
      snapshot: { meta: { node_fields: ['type', 'name', 'id', 'self_size', 'edge_count'] } },
      nodes: [0, 0, 1, 1024 * 1024, 0, 0, 0, 2, 3 * 1024 * 1024, 0],
    };
    expect(liveHeapMiB(snapshot)).toBe(4);
  });
});
