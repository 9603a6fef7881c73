// What every chaos scenario shares: the context it runs in, its result, and the settling step
// (wait for recovery, then account for every scheduled task).
import type { Client } from '@elastic/elasticsearch';
import { readRecords, waitForCompleted, type RunRecord } from '../system/e2e_workload';
import { waitFor } from '../system/wait_for';
import { account, type Accounting } from './accounting';
import type { ChaosSystem } from './chaos_system';

/** An Elasticsearch of the suite's own, which a scenario may stop and start again. */
export interface OwnElasticsearch {
  url: string;
  client: Client;
  /** SIGTERM, and waits for the process to exit */
  stop(): Promise<void>;
  /** the same node on the same port and data */
  start(): Promise<void>;
}

export interface ChaosContext {
  /** the shared Elasticsearch, for scenarios that do not stop it */
  esUrl: string;
  es: Client;
  /** started on first use; the runner stops it at the end */
  ownElasticsearch(): Promise<OwnElasticsearch>;
  log(line: string): void;
}

export interface ScenarioResult extends Accounting {
  scenario: string;
  /** the fault as injected, e.g. "Elasticsearch down 31.2 s" */
  fault: string;
  /** fault end → every task completed, in ms; null when they did not all complete by the deadline */
  recoverMs: number | null;
  /** figures particular to the scenario, e.g. the takeover time */
  measures: Record<string, number | string>;
  notes: string[];
  durationMs: number;
}

/** The tracking status of each id (realtime; `missing` when there is no document). */
export async function statusById(
  es: Client,
  index: string,
  ids: string[]
): Promise<Record<string, string>> {
  const statuses: Record<string, string> = {};
  for (let i = 0; i < ids.length; i += 1000) {
    const response = await es.mget<{ status: string }>({
      index,
      ids: ids.slice(i, i + 1000),
      realtime: true,
    });
    for (const doc of response.docs)
      statuses[doc._id] =
        'found' in doc && doc.found ? (doc._source?.status ?? 'missing') : 'missing';
  }
  return statuses;
}

export interface SettleOptions {
  es: Client;
  system: ChaosSystem;
  ids: string[];
  /** when the fault ended (epoch ms) */
  faultEndAt: number;
  /** how long after the fault every task may take to complete, in ms */
  deadlineMs: number;
  kills?: Array<{ node: string; at: number }>;
}

/** How long after every task completed its queued end records may take to land, in ms. */
const END_RECORDS_MS = 30_000;

/**
 * Every task's end record, once some may still be queued: a run of `awaitEnd: false` returns
 * before its end record lands, so its tracking can say completed first (after an outage the
 * record waits for its recorder's next retry).
 */
async function readEndedRecords(es: Client, index: string, ids: string[]): Promise<RunRecord[]> {
  let records: RunRecord[] = [];
  const ended = () => new Set(records.filter((r) => r.event === 'end').map((r) => r.task_id));
  await waitFor(
    async () => {
      records = await readRecords(es, index);
      const done = ended();
      return ids.every((id) => done.has(id));
    },
    { timeoutMs: END_RECORDS_MS, intervalMs: 250, description: 'every end record' }
  ).catch(() => undefined); // the accounting reports a task still without one as lost
  return records;
}

/** Waits until every task completed and its end record landed (or the deadline), then accounts for each. */
export async function settle({
  es,
  system,
  ids,
  faultEndAt,
  deadlineMs,
  kills,
}: SettleOptions): Promise<{
  accounting: Accounting;
  recoverMs: number | null;
  notes: string[];
  records: RunRecord[];
}> {
  const notes: string[] = [];
  let recoverMs: number | null = null;
  try {
    await waitForCompleted(
      es,
      system.indices,
      ids,
      Math.max(0, faultEndAt + deadlineMs - Date.now())
    );
    recoverMs = Math.max(0, Date.now() - faultEndAt);
  } catch (error) {
    notes.push((error as Error).message.slice(0, 600));
  }
  const [records, statuses] = await Promise.all([
    recoverMs === null
      ? readRecords(es, system.indices.executions)
      : readEndedRecords(es, system.indices.executions, ids),
    statusById(es, system.indices.tracking, ids),
  ]);
  return { accounting: account({ ids, records, statuses, kills }), recoverMs, notes, records };
}

/** The last distinct warning and error lines of each host, for a scenario's notes. */
export function hostWarnings(system: ChaosSystem, count = 3): string[] {
  return system.output.flatMap((lines, i) =>
    [...new Set(lines.map((line) => line.slice(0, 200)))]
      .slice(-count)
      .map((line) => `host ${i}: ${line}`)
  );
}

/** Each host's warning and error lines that name one of `ids` (at most `count` per host), to follow a task that ran twice. */
export function hostLinesAbout(system: ChaosSystem, ids: string[], count = 20): string[] {
  if (ids.length === 0) return [];
  return system.output.flatMap((lines, i) =>
    lines
      .filter((line) => ids.some((id) => line.includes(id)))
      .slice(0, count)
      .map((line) => `host ${i}: ${line.slice(0, 400)}`)
  );
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
