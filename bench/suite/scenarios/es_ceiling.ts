// Scenario 2: what the Elasticsearch underneath takes in the same run (single-document index,
// fenced update, bulk of 100, 16 clients each), and the system's writes as a fraction of each.
import type { Client } from '@elastic/elasticsearch';
import { randomBytes } from 'node:crypto';
import { cpuLimit, fmt, log, type BenchContext, type ScenarioResult } from '../context';
import type { BurstResult } from './throughput';

const CLIENTS = 16;
const BULK_SIZE = 100;

/** A document about the size of a task document. */
function doc(i: number) {
  return {
    type: 'task',
    task: {
      taskType: 'bench:ceiling',
      status: 'idle',
      params: JSON.stringify({ ms: 0, i }),
      state: '{}',
      attempts: 0,
      runAt: new Date().toISOString(),
      scheduledAt: new Date().toISOString(),
      ownerId: null,
      retryAt: null,
      traceparent: '',
      enabled: true,
    },
    updated_at: new Date().toISOString(),
  };
}

/** Runs `count` jobs on CLIENTS workers; returns jobs per second. */
async function rate(count: number, job: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = Date.now();
  const worker = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: CLIENTS }, worker));
  return (count * 1000) / (Date.now() - started);
}

async function measure(es: Client, count: number) {
  const index = `bench-ceiling-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  await es.indices.create({ index, settings: { number_of_replicas: 0 } });
  try {
    const versions: Array<{ seq: number; term: number }> = [];
    const single = await rate(count, async (i) => {
      const r = await es.index({ index, id: `d${i}`, document: doc(i) });
      versions[i] = { seq: r._seq_no!, term: r._primary_term! };
    });
    const fenced = await rate(count, async (i) => {
      const { seq, term } = versions[i];
      await es.update({
        index,
        id: `d${i}`,
        if_seq_no: seq,
        if_primary_term: term,
        doc: { task: { status: 'claiming', attempts: 1 } },
      });
    });
    const bulkCount = Math.max(CLIENTS, Math.round((count * 20) / BULK_SIZE));
    const bulks = await rate(bulkCount, async (b) => {
      const operations = Array.from({ length: BULK_SIZE }, (_, k) => {
        const i = b * BULK_SIZE + k;
        return [{ index: { _index: index, _id: `b${i}` } }, doc(i)];
      }).flat();
      const r = await es.bulk({ operations });
      if (r.errors) throw new Error('bulk failed');
    });
    return {
      single_index_per_s: single,
      fenced_update_per_s: fenced,
      bulk_docs_per_s: bulks * BULK_SIZE,
      counts: { single: count, fenced: count, bulk_docs: bulkCount * BULK_SIZE },
    };
  } finally {
    await es.indices.delete({ index, ignore_unavailable: true });
  }
}

export async function esCeilingScenario(ctx: BenchContext): Promise<ScenarioResult> {
  const ceiling = await measure(ctx.es, ctx.quick ? 1000 : 4000);
  log(
    `  Elasticsearch: single ${fmt(ceiling.single_index_per_s)}/s, fenced update ` +
      `${fmt(ceiling.fenced_update_per_s)}/s, bulk ${fmt(ceiling.bulk_docs_per_s)} docs/s`
  );
  const burst = (ctx.results.get('throughput')?.data.bursts as BurstResult[] | undefined)?.find(
    (b) => b.mode === 'push' && b.how === 'seeded'
  );
  const lines = [
    `single-document index ${fmt(ceiling.single_index_per_s)}/s, fenced update ` +
      `${fmt(ceiling.fenced_update_per_s)}/s, bulk of ${BULK_SIZE} ${fmt(ceiling.bulk_docs_per_s)} docs/s (${CLIENTS} clients)`,
  ];
  // The throughput report leaves each burst's usage out; the resources report has it.
  const usage = (
    ctx.results.get('resources')?.data.bursts as
      Array<Pick<BurstResult, 'mode' | 'how' | 'usage'>> | undefined
  )?.find((b) => b.mode === 'push' && b.how === 'seeded')?.usage;
  let fractions: Record<string, number> | undefined;
  let systemWrites: number | undefined;
  if (burst) {
    systemWrites = (burst.per_task.writes * burst.tasks * 1000) / burst.makespan_ms;
    fractions = {
      of_single_index: systemWrites / ceiling.single_index_per_s,
      of_fenced_update: systemWrites / ceiling.fenced_update_per_s,
      of_bulk: systemWrites / ceiling.bulk_docs_per_s,
    };
    lines.push(
      `push's writes during its seeded burst: ${fmt(systemWrites)}/s = ` +
        `${fmt(fractions.of_single_index * 100)}% of single index, ` +
        `${fmt(fractions.of_fenced_update * 100)}% of fenced update, ` +
        `${fmt(fractions.of_bulk * 100)}% of bulk`
    );
  } else {
    lines.push('system writes: run the throughput scenario in the same run to compare');
  }
  return {
    lines,
    goals: [
      {
        goal: "the system's writes ≥ 10 % of the bulk ceiling",
        measured: fractions
          ? `${fmt(fractions.of_bulk * 100)}% of ${fmt(ceiling.bulk_docs_per_s)} docs/s`
          : 'n/a',
        pass: (fractions?.of_bulk ?? 0) >= 0.1,
        ...(fractions ? {} : { missing: 'throughput scenario not run' }),
        // 10 % of the ceiling, at the writes each run makes, against what the machine gave
        ...(burst &&
          usage && {
            limit:
              `10 % needs ${fmt((0.1 * ceiling.bulk_docs_per_s) / burst.per_task.writes)} runs/s at ` +
              `${fmt(burst.per_task.writes)} writes per run; push's seeded burst ran ` +
              `${fmt(burst.tasks_per_s)} with the ${cpuLimit(usage)}`,
          }),
      },
    ],
    data: { ceiling, system_writes_per_s: systemWrites, fractions },
  };
}
