// A notify carrying the tasks a node has just stored: the dispatcher claims each as sent, fenced
// on the version the node's write answered, without reading it back.
import type { Client } from '@elastic/elasticsearch';
import { candidateFieldsOf, type NotifiedTask } from '../../common/push/notified_task';
import { createTestEsClient, getEsUrl } from '../../test_helpers/elasticsearch';
import { EsRequestCounter } from '../../test_helpers/es_request_counter';
import { waitFor } from '../../test_helpers/wait_for';
import { Dispatcher } from '../src/dispatcher';
import {
  createTestIndices,
  deleteTestIndices,
  scheduleTasks,
  testDispatcherConfig,
  type TestIndices,
  type TestTask,
} from './helpers/indices';
import { notifyDispatcher, postNotify } from './helpers/notify';
import { TestNode } from './helpers/test_node';

jest.setTimeout(60_000);

let es: Client;
/** between the dispatcher and Elasticsearch: which documents it reads */
const counter = new EsRequestCounter(getEsUrl());
let indices: TestIndices;
let node: TestNode;
let leader: Dispatcher;

beforeAll(async () => {
  es = createTestEsClient();
  indices = await createTestIndices(es, 'bt-notified-stored');
  // Never refreshed: the poll finds nothing, so a task runs only if its notify is acted on.
  await es.indices.putSettings({
    index: indices.tasks,
    settings: { index: { refresh_interval: '-1' } },
  });
  node = new TestNode({ es, id: 'stored-node', indices, capacity: 10, runMs: 5 });
  await node.start();
  const proxyUrl = await counter.start();
  leader = new Dispatcher(testDispatcherConfig(proxyUrl, indices), { defaultMetrics: false });
  await leader.start();
  await waitFor(() => leader.isLeader(), { description: 'leadership' });
});

afterAll(async () => {
  await leader?.stop();
  await node?.stop();
  await counter.stop();
  await deleteTestIndices(es, indices);
  await es.close();
});

/** Stores the tasks as a node's Task Manager would, and answers them as its notify sends them. */
async function store(tasks: TestTask[]): Promise<NotifiedTask[]> {
  await scheduleTasks(es, indices.tasks, tasks, false);
  const { docs } = await es.mget<{ task: Record<string, unknown> }>({
    index: indices.tasks,
    ids: tasks.map(({ id }) => `task:${id}`),
  });
  return docs.map((doc, i) => {
    if (!('found' in doc) || !doc.found) throw new Error(`task ${tasks[i].id} not stored`);
    const task = candidateFieldsOf(doc._source!.task);
    return { id: tasks[i].id, seq_no: doc._seq_no!, primary_term: doc._primary_term!, task };
  });
}

/**
 * The task documents the dispatcher has read as candidates (an `_mget` of their claim fields)
 * since the counter's last reset; its in-flight check reads other fields of its own claims.
 */
const readAsCandidates = () =>
  new Set(
    counter.records.flatMap((record) =>
      record.kind === 'mget' && record.source?.includes('task.runAt') ? (record.ids ?? []) : []
    )
  );

const ran = (id: string) => node.executions.filter((e) => e.id === id).length;

it('claims and runs tasks sent as stored without reading them; tasks sent by id are read', async () => {
  const sent = await store(Array.from({ length: 10 }, (_, i) => ({ id: `sent-${i}` })));
  const named = Array.from({ length: 10 }, (_, i) => ({ id: `named-${i}` }));
  await store(named);
  counter.reset();
  await notifyDispatcher(leader, [], sent);
  await notifyDispatcher(
    leader,
    named.map(({ id }) => id)
  );
  await waitFor(() => [...sent, ...named].every(({ id }) => ran(id) === 1), {
    description: 'the sent and the named tasks',
  });
  const read = readAsCandidates();
  expect(sent.filter(({ id }) => read.has(`task:${id}`))).toEqual([]);
  expect(named.filter(({ id }) => !read.has(`task:${id}`))).toEqual([]);
});

it('does not claim a task written since it was sent; it runs once, when found by a poll', async () => {
  const [sent] = await store([{ id: 'changed' }]);
  await es.update({
    index: indices.tasks,
    id: 'task:changed',
    doc: { task: { params: JSON.stringify({ id: 'changed', again: true }) } },
  });
  await notifyDispatcher(leader, [], [sent]);
  // a task sent after it, with a good version, runs: the stale one was decided by then
  const [after] = await store([{ id: 'after-changed' }]);
  await notifyDispatcher(leader, [], [after]);
  await waitFor(() => ran('after-changed') === 1, { description: 'the later task' });
  expect(ran('changed')).toBe(0);
  await es.indices.refresh({ index: indices.tasks });
  await waitFor(() => ran('changed') === 1, { description: 'the poll to find the changed task' });
  expect(ran('changed')).toBe(1);
});

it('does not claim a task sent that is not due yet', async () => {
  const [later] = await store([
    { id: 'later', runAt: new Date(Date.now() + 3_600_000).toISOString() },
  ]);
  const [now] = await store([{ id: 'due-now' }]);
  await notifyDispatcher(leader, [], [later, now]);
  await waitFor(() => ran('due-now') === 1, { description: 'the due task' });
  expect(ran('later')).toBe(0);
  const { _source } = await es.get<{ task: { status: string } }>({
    index: indices.tasks,
    id: 'task:later',
  });
  expect(_source?.task.status).toBe('idle');
});

it('refuses a malformed task with a 400 that names the field, and claims nothing of it', async () => {
  const [task] = await store([{ id: 'malformed' }]);
  const response = await postNotify(leader, {
    ids: [],
    tasks: [{ ...task, task: { ...task.task, status: 'bogus' } }],
  });
  expect(response.status).toBe(400);
  expect(((await response.json()) as { message: string }).message).toContain('status');
  const missing = await postNotify(leader, { ids: [], tasks: [{ id: 'x', task: task.task }] });
  expect(missing.status).toBe(400);
  expect(((await missing.json()) as { message: string }).message).toContain('seq_no');
  const { _source } = await es.get<{ task: { status: string } }>({
    index: indices.tasks,
    id: 'task:malformed',
  });
  expect(_source?.task.status).toBe('idle');
});
