// A small stand-in for a Kibana node in push mode: heartbeats a node document, answers
// `_run_now` by verifying the claim with a realtime GET as a node must, "runs" the task and
// finishes it fenced by the pushed claim's version (a one-shot task is removed); reports each run that
// ended to the dispatcher leader (`POST /notify` `finished`), as a node does.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@elastic/elasticsearch';
import {
  DISPATCHER_NOTIFY_PATH,
  LEADER_LEASE_ID,
  RUN_NOW_PATH,
  type LeaderLeaseDocument,
  type NodeDocument,
  type NodeTaskType,
  type RunNowRequestBody,
} from '../../../common/push/push_protocol';
import { TEST_PUSH_TOKEN } from '../../../test_helpers/system';
import { isOwnedBy } from '../../../common/task_lifecycle';

/** accept: verify and run. busy/unavailable/error: answer 429/503/500 without reading. hang:
 * never answer. blackhole: accept and never finish (the claim expires). */
export type TestNodeMode = 'accept' | 'busy' | 'unavailable' | 'error' | 'hang' | 'blackhole';

export interface TestNodeOptions {
  es: Client;
  id: string;
  /** with `dispatcher` (the lease index), runs that ended are reported to the leader */
  indices: { tasks: string; nodes: string; dispatcher?: string };
  capacity?: number;
  taskTypes?: Record<string, NodeTaskType>;
  heartbeatMs?: number;
  /** how long a task "runs", in ms */
  runMs?: number;
  mode?: TestNodeMode;
}

export interface Execution {
  id: string;
  node: string;
  attempts: number;
  startedAt: number;
}

export class TestNode {
  mode: TestNodeMode;
  /** delays the 202 after the run started (to outlast the dispatcher's push timeout), in ms */
  answerDelayMs = 0;
  readonly executions: Execution[] = [];
  /** ids the heartbeat vouches for (see NodeDocument.vouched_tasks) */
  readonly vouchedTasks = new Set<string>();
  readonly pushes: Array<{ id: string; status: number }> = [];
  /** highest cost running at once */
  maxRunningCost = 0;
  private runningCost = 0;
  /** ids running here, with their claim: another claim's push of one is refused 409 */
  private readonly running = new Map<string, string>();
  /** claims that ran here */
  private readonly ended = new Set<string>();
  private server: http.Server | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly finishing = new Set<Promise<unknown>>();
  private readonly hanging = new Set<http.ServerResponse>();
  private url = '';

  constructor(private readonly options: TestNodeOptions) {
    this.mode = options.mode ?? 'accept';
  }

  get id() {
    return this.options.id;
  }

  get capacity() {
    return this.options.capacity ?? 10;
  }

  get taskTypes(): Record<string, NodeTaskType> {
    return this.options.taskTypes ?? { 'test:work': { timeout: '30s', max_attempts: 3, cost: 1 } };
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    await this.beat();
    this.heartbeat = setInterval(
      () => void this.beat().catch(() => undefined),
      this.options.heartbeatMs ?? 200
    );
  }

  /** Stops heartbeating and answering; tasks "running" never finish (like a killed node). */
  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const res of this.hanging) res.destroy();
    await Promise.allSettled([...this.finishing]);
    if (this.server) {
      this.server.closeAllConnections();
      await new Promise((resolve) => this.server!.close(resolve));
    }
  }

  /** How many times each task id ran here. */
  counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const { id } of this.executions) counts.set(id, (counts.get(id) ?? 0) + 1);
    return counts;
  }

  private async beat() {
    const doc: NodeDocument = {
      id: this.id,
      push_url: this.url,
      capacity: this.capacity,
      task_types: this.taskTypes,
      heartbeat_interval_ms: this.options.heartbeatMs ?? 200,
      last_seen: new Date().toISOString(),
      vouched_tasks: [...this.vouchedTasks],
    };
    await this.options.es.index({
      index: this.options.indices.nodes,
      id: this.id,
      document: doc,
      refresh: true,
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const reply = (status: number, body: unknown, record?: string) => {
      if (record) this.pushes.push({ id: record, status });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'POST' || req.url !== RUN_NOW_PATH)
      return reply(404, { message: 'not found' });
    if (req.headers.authorization !== `Bearer ${TEST_PUSH_TOKEN}`)
      return reply(401, { message: 'unauthorized' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as RunNowRequestBody;
    if (this.mode === 'busy') return reply(429, { id: body.id, accepted: false }, body.id);
    if (this.mode === 'unavailable') return reply(503, { id: body.id, accepted: false }, body.id);
    if (this.mode === 'error') return reply(500, { id: body.id, accepted: false }, body.id);
    if (this.mode === 'hang') {
      this.hanging.add(res);
      return;
    }
    const doc = await this.options.es
      .get<{ task: { status: string; ownerId: string; attempts: number } }>({
        index: this.options.indices.tasks,
        id: `task:${body.id}`,
        realtime: true,
      })
      .catch(() => undefined);
    const task = doc?._source?.task;
    if (
      !doc ||
      !task ||
      task.status !== 'running' ||
      !isOwnedBy(task.ownerId, this.id) ||
      body.claim.owner_id !== this.id ||
      doc._seq_no !== body.claim.seq_no ||
      doc._primary_term !== body.claim.primary_term
    ) {
      return reply(
        409,
        { id: body.id, accepted: false, message: 'the claim does not hold' },
        body.id
      );
    }
    const claimKey = `${body.id}:${body.claim.seq_no}:${body.claim.primary_term}`;
    // A claim runs at most once here, as the push executor keeps it: 202 while it runs, 409 after.
    if (this.running.get(body.id) === claimKey)
      return reply(202, { id: body.id, accepted: true }, body.id);
    if (this.running.has(body.id) || this.ended.has(claimKey))
      return reply(
        409,
        {
          id: body.id,
          accepted: false,
          message: `Task [${body.id}] is already running on this node, or this claim ran`,
        },
        body.id
      );
    const cost = this.taskTypes[body.type]?.cost ?? 1;
    if (this.runningCost + cost > this.capacity)
      return reply(429, { id: body.id, accepted: false }, body.id);
    // Nothing is written before the run: its finish is fenced by the claimed version.
    const version = { seq_no: body.claim.seq_no, primary_term: body.claim.primary_term };
    this.running.set(body.id, claimKey);
    this.runningCost += cost;
    this.maxRunningCost = Math.max(this.maxRunningCost, this.runningCost);
    this.executions.push({
      id: body.id,
      node: this.id,
      attempts: task.attempts,
      startedAt: Date.now(),
    });
    if (this.answerDelayMs > 0) await new Promise((r) => setTimeout(r, this.answerDelayMs));
    reply(202, { id: body.id, accepted: true }, body.id);
    if (this.mode === 'blackhole') {
      this.running.delete(body.id); // forgotten, as by a node that died
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.running.delete(body.id);
      this.ended.add(claimKey);
      // The slot frees when the run ends, before the bookkeeping write: a dispatcher that sees
      // the finished document must find the capacity free.
      this.runningCost -= cost;
      void this.reportEnded(body.id);
      const finish = this.options.es
        .delete({
          index: this.options.indices.tasks,
          id: `task:${body.id}`,
          if_seq_no: version.seq_no,
          if_primary_term: version.primary_term,
        })
        .catch(() => undefined)
        .finally(() => this.finishing.delete(finish));
      this.finishing.add(finish);
    }, this.options.runMs ?? 20);
    this.timers.add(timer);
  }

  /** Fire-and-forget, as a node's: the dispatcher's reconciliation read is the safety net. */
  private async reportEnded(id: string) {
    const { es, indices } = this.options;
    if (!indices.dispatcher) return;
    try {
      const lease = await es.get<LeaderLeaseDocument>({
        index: indices.dispatcher,
        id: LEADER_LEASE_ID,
      });
      const url = lease._source?.url;
      if (!url) return;
      const response = await fetch(url + DISPATCHER_NOTIFY_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_PUSH_TOKEN}` },
        body: JSON.stringify({ ids: [], finished: [id], node_id: this.id }),
      });
      await response.arrayBuffer();
    } catch {
      // lost: the reconciliation read frees the capacity
    }
  }
}
