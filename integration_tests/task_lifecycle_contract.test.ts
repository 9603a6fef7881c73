// One transition, three writers: the runtime's Task Manager, the node's _run_now path and the
// dispatcher each write a task document through their own I/O; the documents must be equal.
import type { Client } from '@elastic/elasticsearch';
import type { ElasticsearchClient } from '@kbn/core/server';
import type { ConcreteTaskInstance, RunResult } from '@kbn/task-manager-plugin/server/task';
import {
  documentToTaskInstance,
  taskDocumentId,
  taskToDocumentSource,
} from '../common/task_document';
import { toOwnerId } from '../common/task_lifecycle';
import { KIBANA_7_TASK_WITHOUT_ENABLED } from '../common/task_lifecycle/task_document.mock';
import { claimAvailableTasks } from '../runtime/task_manager/server/task_claiming/claim_available_tasks';
import { finishTask as runtimeFinish } from '../runtime/task_manager/server/task_running/task_runner';
import { TaskStore } from '../runtime/task_manager/server/task_store';
import { TaskTypeDictionary } from '../runtime/task_manager/server/task_type_dictionary';
import { createConsoleLogger } from '../runtime/task_manager/server/test_utils';
import { finishTask as nodeFinish } from '../server/run_now/finish_task';
import { releaseClaim as nodeRelease } from '../server/run_now/release_claim';
import { BufferedWriter } from '../server/storage/buffered_writer';
import { createTestEsClient, uniqueName } from '../test_helpers/elasticsearch';
import { claimTasks, type ClaimedTask } from '../dispatcher/src/claim_tasks';
import { findDueTasks } from '../dispatcher/src/due_task_query';
import { readNotifiedTasks } from '../dispatcher/src/read_notified_tasks';
import { releaseClaim as dispatcherRelease } from '../dispatcher/src/release_claim';
import { sweepExpiredTask } from '../dispatcher/src/sweep_expired_task';
import { getTaskIndexMappings } from '../runtime/task_manager/server/saved_objects/task_index_mappings';

jest.setTimeout(60_000);

const TYPE = 'contract:work';
const SCOPE = 'backgroundTasks';
const NODE = 'node-uuid-1';
const DEFINITION = { timeout: '1m', maxAttempts: 3 };
const POLL_INTERVAL = 500;
const logger = createConsoleLogger();
// Whole seconds in the past: due for Elasticsearch's `now`, fixed for every writer.
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000 - 5000);
const at = (ms: number) => new Date(NOW.getTime() + ms);

const definitions = new TaskTypeDictionary();
definitions.registerTaskDefinitions({
  [TYPE]: { ...DEFINITION, createTaskRunner: () => ({ run: async () => ({ state: {} }) }) },
});

let es: Client;
const indices: string[] = [];

beforeAll(() => {
  es = createTestEsClient();
});

afterAll(async () => {
  await es.indices.delete({ index: indices, ignore_unavailable: true });
  await es.close();
});

/** A fresh task index holding task `id` as `fields` say; answers the index. */
async function indexWith(id: string, fields: Partial<ConcreteTaskInstance>): Promise<string> {
  const index = uniqueName('.test-contract');
  indices.push(index);
  await es.indices.create({ index, mappings: getTaskIndexMappings() });
  const task = { taskType: TYPE, params: {}, state: { n: 1 }, scope: [SCOPE], enabled: true };
  await es.index({
    index,
    id: taskDocumentId(id),
    document: taskToDocumentSource({ ...task, runAt: at(-1000), ...fields } as never, id, NOW),
    refresh: true,
  });
  return index;
}

async function read(index: string, id: string) {
  const hit = await es.get({ index, id: taskDocumentId(id) }).catch(() => undefined);
  return hit?.found ? hit : undefined;
}

/** The stored document, or 'deleted'. */
async function sourceOf(index: string, id: string): Promise<unknown> {
  return (await read(index, id))?._source ?? 'deleted';
}

async function claimOf(index: string, id: string) {
  const hit = (await read(index, id))!;
  const task = documentToTaskInstance(hit);
  return { task, seqNo: hit._seq_no!, primaryTerm: hit._primary_term! };
}

const store = (index: string) => new TaskStore(es as unknown as ElasticsearchClient, index);

function runtimeClaim(index: string) {
  return claimAvailableTasks({
    store: store(index),
    definitions,
    types: [TYPE],
    nodeUuid: NODE,
    defaultMaxAttempts: 3,
    pollInterval: POLL_INTERVAL,
    getCapacity: () => 10,
    logger,
    now: NOW,
  });
}

async function dispatcherCandidates(index: string) {
  return findDueTasks(es, { index, scope: SCOPE, types: [TYPE], size: 10, now: Date.now() });
}

const CLAIMED: Partial<ConcreteTaskInstance> = {
  status: 'running' as ConcreteTaskInstance['status'],
  ownerId: toOwnerId(NODE),
  runAt: at(-1000),
  startedAt: at(-900),
  retryAt: at(60_000),
  attempts: 1,
};

describe('the task-lifecycle contract: the same transition writes the same document', () => {
  it('claim: the runtime claimer and the dispatcher', async () => {
    const id = 'claim';
    const [runtime, dispatcher] = [await indexWith(id, {}), await indexWith(id, {})];
    expect((await runtimeClaim(runtime)).stats.claimed).toBe(1);
    const candidates = await dispatcherCandidates(dispatcher);
    const request = { candidate: candidates[0], nodeId: NODE, definition: DEFINITION, cost: 1 };
    expect((await claimTasks(es, dispatcher, [request], NOW.getTime())).claimed).toHaveLength(1);

    const written = await sourceOf(runtime, id);
    expect(written).toMatchObject({
      task: { status: 'running', ownerId: `kibana:${NODE}`, attempts: 1 },
    });
    expect(await sourceOf(dispatcher, id)).toEqual(written);
  });

  it.each<[string, Partial<ConcreteTaskInstance>, RunResult, object]>([
    [
      'success of a recurring task',
      { schedule: { interval: '10m' } },
      { state: { n: 2 } },
      { status: 'idle', attempts: 0, ownerId: null, runAt: at(-1000 + 600_000).toISOString() },
    ],
    [
      'failure with a retry',
      {},
      { error: new Error('boom'), state: { n: 1 } },
      { status: 'idle', attempts: 1, ownerId: null, runAt: at(30_000).toISOString() },
    ],
  ])('finish, %s: the runtime and the node', async (_title, fields, result, expected) => {
    const id = 'finish';
    const [runtime, node] = [
      await indexWith(id, { ...CLAIMED, ...fields }),
      await indexWith(id, { ...CLAIMED, ...fields }),
    ];
    const forRuntime = await claimOf(runtime, id);
    await runtimeFinish(forRuntime.task, result, {
      store: store(runtime),
      definition: definitions.get(TYPE),
      defaultMaxAttempts: 3,
      pollInterval: POLL_INTERVAL,
      logger,
      now: NOW,
    });
    await nodeFinish(await claimOf(node, id), result, {
      writer: new BufferedWriter(es as unknown as ElasticsearchClient),
      index: node,
      definition: DEFINITION,
      defaultMaxAttempts: 3,
      logger,
      now: NOW,
    });
    const written = await sourceOf(runtime, id);
    expect(written).toMatchObject({ task: expected });
    expect(await sourceOf(node, id)).toEqual(written);
  });

  it('release: the node and the dispatcher', async () => {
    const id = 'release';
    const [node, dispatcher] = [await indexWith(id, CLAIMED), await indexWith(id, CLAIMED)];
    await nodeRelease(await claimOf(node, id), {
      writer: new BufferedWriter(es as unknown as ElasticsearchClient),
      index: node,
      now: NOW,
    });
    const claim = await claimOf(dispatcher, id);
    const claimed: ClaimedTask = {
      id,
      type: TYPE,
      nodeId: NODE,
      cost: 1,
      seqNo: claim.seqNo,
      primaryTerm: claim.primaryTerm,
      attempts: claim.task.attempts,
      retryAt: claim.task.retryAt!.toISOString(),
      redispatch: false,
    };
    await dispatcherRelease(es, dispatcher, claimed, NOW.getTime());
    const written = await sourceOf(node, id);
    expect(written).toMatchObject({ task: { status: 'idle', attempts: 0, ownerId: null } });
    expect(await sourceOf(dispatcher, id)).toEqual(written);
  });

  it.each<[string, Partial<ConcreteTaskInstance>, object]>([
    ['one-shot', {}, { status: 'failed', ownerId: null, startedAt: null }],
    [
      'recurring',
      { schedule: { interval: '1h' } },
      { status: 'idle', attempts: 0, runAt: at(-1000 + 3_600_000).toISOString() },
    ],
  ])(
    'expiry of a lapsed %s claim out of attempts: the runtime claimer and the dispatcher',
    async (_t, fields, expected) => {
      const id = 'expiry';
      const lapsed = { ...CLAIMED, retryAt: at(-100), attempts: 3, ...fields };
      const [runtime, dispatcher] = [await indexWith(id, lapsed), await indexWith(id, lapsed)];
      expect((await runtimeClaim(runtime)).stats).toMatchObject({ claimed: 0, expired: 1 });
      const [candidate] = await dispatcherCandidates(dispatcher);
      const outcome = await sweepExpiredTask(es, candidate, {
        tasksIndex: dispatcher,
        trackingIndex: uniqueName('.test-contract-no-tracking'),
        maxAttempts: 3,
        pollInterval: POLL_INTERVAL,
        now: NOW.getTime(),
      });
      expect(outcome).not.toBe('conflict');
      const written = await sourceOf(runtime, id);
      expect(written).toMatchObject({ task: expected });
      expect(await sourceOf(dispatcher, id)).toEqual(written);
    }
  );

  it('a Kibana 7 document without `enabled` is claimed by neither the runtime nor the dispatcher', async () => {
    const index = uniqueName('.test-contract');
    indices.push(index);
    await es.indices.create({ index, mappings: getTaskIndexMappings() });
    // Kibana 9's strict mappings have no `migrationVersion` (model versions replaced it).
    const { migrationVersion: _dropped, ...kibana7 } = KIBANA_7_TASK_WITHOUT_ENABLED;
    const source = { ...kibana7, task: { ...kibana7.task, taskType: TYPE, scope: [SCOPE] } };
    await es.index({ index, id: taskDocumentId('kibana-7'), document: source, refresh: true });
    const before = await read(index, 'kibana-7');

    expect((await runtimeClaim(index)).docs).toEqual([]);
    expect(await dispatcherCandidates(index)).toEqual([]);
    const notified = { index, scope: SCOPE, ids: ['kibana-7'], now: Date.now() };
    expect(await readNotifiedTasks(es, notified)).toEqual([]);
    expect((await read(index, 'kibana-7'))?._seq_no).toBe(before?._seq_no);
  });
});
