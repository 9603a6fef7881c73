import { countLog } from './soak_report';
import { drifts, median, readProbe, windowsFor, type Sample } from './soak_sampler';

const sample = (t: number, rssMiB: number, fds = 30): Sample => ({
  t,
  process: 'host-0',
  rssMiB,
  fds,
  probeMs: 5,
});

describe('soak windows and drift', () => {
  it('compares minutes 5–10 with the last 5, and a short run minute 1–2 with its last one', () => {
    expect(windowsFor(30)).toEqual({ baseline: [5, 10], last: [25, 30] });
    expect(windowsFor(3)).toEqual({ baseline: [1, 2], last: [2, 3] });
  });

  it("takes each window's RSS top (p90) and fds median, and fails a growth over the tolerance", () => {
    // a sawtooth of 10 samples per minute, one stray spike in each window
    const tooth = [170, 180, 200, 230, 250, 255, 175, 185, 210, 240];
    const samples = [
      ...tooth.map((rss, i) => sample(60 + i * 6, i === 3 ? 900 : rss)),
      ...tooth.map((rss, i) => sample(120 + i * 6, (i === 5 ? 900 : rss) + 40, 30)),
      sample(10, 999), // before the baseline window: ignored
    ];
    const [rss, fds, ...rest] = drifts(samples, windowsFor(3), 0.1);
    expect(rest).toEqual([]); // no heap reported, no heap row
    expect(rss).toMatchObject({ metric: 'rssMiB', baseline: 255, last: 290, ok: false });
    expect(rss.ratio).toBeCloseTo(290 / 255);
    expect(fds).toMatchObject({ metric: 'fds', baseline: 30, last: 30, ratio: 1, ok: true });
    expect(drifts(samples, windowsFor(3), 0.15)[0].ok).toBe(true);
  });

  it("compares the heap's floor, the lowest heap in use of each window, where a process reports it", () => {
    const withHeap = (t: number, heapUsedMiB: number): Sample => ({
      ...sample(t, 200),
      heapUsedMiB,
    });
    const samples = [
      ...[60, 70, 80].map((t, i) => withHeap(t, [90, 40, 70][i])),
      ...[120, 130, 140].map((t, i) => withHeap(t, [150, 45, 60][i])),
      { ...sample(60, 100), process: 'dispatcher' },
      { ...sample(120, 100), process: 'dispatcher' },
    ];
    const all = drifts(samples, windowsFor(3), 0.1);
    const heap = all.filter((d) => d.metric === 'heapFloorMiB');
    expect(heap).toHaveLength(1);
    expect(heap[0]).toMatchObject({ process: 'host-0', baseline: 40, last: 45, ok: false });
    expect(drifts(samples, windowsFor(3), 0.15).find((d) => d.metric === 'heapFloorMiB')?.ok).toBe(
      true
    );
  });

  it('lets a fall pass: a leak grows', () => {
    const samples = [sample(60, 200, 50), sample(120, 150, 30)];
    expect(drifts(samples, windowsFor(3), 0.1).map((d) => d.ok)).toEqual([true, true]);
  });

  it('is not ok when a window has no sample', () => {
    const [rss] = drifts([sample(60, 200)], windowsFor(3), 0.1);
    expect(rss).toMatchObject({ last: null, ratio: null, ok: false });
    expect(median([])).toBeNull();
    expect(median([1, 3, 2, 10])).toBe(2.5);
  });
});

describe('countLog', () => {
  it('counts host and dispatcher error and warning lines, planned failures apart', () => {
    const host = countLog('host-0', [
      '[2026-12-02T06:00:00.000Z][ERROR][plugins.backgroundTasks] Task e2e:work "x" failed: e2e:work planned failure of attempt 1',
      '[2026-12-02T06:00:00.000Z][WARN ][plugins.taskManager] slow',
      '[2026-12-02T06:00:00.000Z][ERROR][http] boom',
      '    at stack (file.ts:1:1) Error',
      'Host 6d8f ready at http://localhost:39755 (Ctrl-C to stop)',
    ]);
    expect(host).toMatchObject({ errors: 2, warnings: 1, planned: 1 });
    expect(host.lines).toHaveLength(3);
    const dispatcher = countLog('dispatcher', [
      { 'log.level': 'info', message: 'cycle' },
      { 'log.level': 'warn', message: 'node backed off' },
    ]);
    expect(dispatcher).toMatchObject({ errors: 0, warnings: 1, planned: 0 });
  });
});

describe('readProbe', () => {
  it("reads the heap from a host's /api/status and from the dispatcher's Prometheus text", () => {
    const mib = 1024 * 1024;
    const status = JSON.stringify({
      metrics: {
        process: { memory: { heap: { used_in_bytes: 60 * mib, total_in_bytes: 90 * mib } } },
      },
    });
    expect(readProbe(status)).toEqual({ heapUsedMiB: 60, heapTotalMiB: 90 });
    const prom = [
      `nodejs_heap_size_total_bytes ${80 * mib}`,
      `nodejs_heap_size_used_bytes ${50 * mib}`,
      'nodejs_eventloop_lag_p99_seconds 0.0123',
    ].join('\n');
    expect(readProbe(prom)).toEqual({ eventLoopP99Ms: 12, heapUsedMiB: 50, heapTotalMiB: 80 });
    expect(readProbe('{"status":{}}')).toEqual({});
  });
});
