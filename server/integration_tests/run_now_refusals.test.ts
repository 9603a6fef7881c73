// Pushes that must run nothing: bad credentials, a claim that does not hold, a replay.
import { createTestEsClient } from '../../test_helpers/elasticsearch';
import { TEST_PUSH_TOKEN } from '../../test_helpers/system';
import { waitFor } from '../../test_helpers/wait_for';
import { taskDocumentId, taskToDocumentSource } from '../../common/task_document';
import { toOwnerId } from '../../common/task_lifecycle';
import {
  callRoute,
  claimTask,
  createIndices,
  deleteIndices,
  executionsOf,
  push,
  readTask,
  startPushHost,
  type TestHost,
} from './push_test_env';

const es = createTestEsClient();
const indices = createIndices('run-now-refusals');
let host: TestHost;

async function schedule(id: string, type = 'fixture:once', params: Record<string, unknown> = {}) {
  const answer = await callRoute(
    host.url,
    'POST',
    `/internal/background_tasks/tasks/${id}?schedule=true`,
    {
      body: { type, params },
    }
  );
  expect(answer.status).toBe(200);
}

/** Nothing ran, and the task document is exactly as the claim left it. */
async function expectUntouched(id: string, version: { seq_no: number; primary_term: number }) {
  expect(await executionsOf(es, indices.executions, id)).toHaveLength(0);
  const current = await readTask(es, indices.tasks, id);
  expect(current).toMatchObject({ seqNo: version.seq_no, primaryTerm: version.primary_term });
}

beforeAll(async () => {
  host = await startPushHost(indices);
});

afterAll(async () => {
  await host?.stop();
  await deleteIndices(es, indices);
  await es.close();
});

describe('a push that must run nothing', () => {
  it('without a token: 401', async () => {
    await schedule('no-token');
    const body = await claimTask(es, indices.tasks, 'no-token', host.uuid);
    const answer = await push(host.url, body, null);
    expect(answer).toMatchObject({ status: 401, body: { accepted: false } });
    await expectUntouched('no-token', body.claim);
  });

  it('with a wrong token: 403, and the token appears in no log line', async () => {
    await schedule('wrong-token');
    const body = await claimTask(es, indices.tasks, 'wrong-token', host.uuid);
    const answer = await push(host.url, body, 'not-the-token-at-all');
    expect(answer).toMatchObject({ status: 403, body: { accepted: false } });
    await expectUntouched('wrong-token', body.claim);
    const logged = host.logs.join('\n');
    expect(logged).not.toContain(TEST_PUSH_TOKEN);
    expect(logged).not.toContain('not-the-token-at-all');
  });

  it('for a claim of another node: 409', async () => {
    await schedule('other-owner');
    const body = await claimTask(es, indices.tasks, 'other-owner', 'another-node');
    const answer = await push(host.url, body);
    expect(answer).toMatchObject({ status: 409, body: { accepted: false } });
    expect(answer.body.message).toMatch(/owner/);
    // Naming this node in the body does not help: the document says otherwise.
    const forged = await push(host.url, { ...body, claim: { ...body.claim, owner_id: host.uuid } });
    expect(forged.status).toBe(409);
    await expectUntouched('other-owner', body.claim);
  });

  it('with a stale version: 409', async () => {
    await schedule('stale');
    const first = await claimTask(es, indices.tasks, 'stale', host.uuid);
    // Claimed again (e.g. after its retryAt passed): the first claim's version is stale.
    const second = await claimTask(es, indices.tasks, 'stale', host.uuid);
    const answer = await push(host.url, first);
    expect(answer.status).toBe(409);
    expect(answer.body.message).toMatch(/version/);
    await expectUntouched('stale', second.claim);
  });

  it('for an unclaimed task: 409', async () => {
    await schedule('unclaimed');
    const current = await readTask(es, indices.tasks, 'unclaimed');
    const version = { seq_no: current!.seqNo, primary_term: current!.primaryTerm };
    const answer = await push(host.url, {
      id: 'unclaimed',
      type: 'fixture:once',
      claim: { owner_id: host.uuid, ...version },
    });
    expect(answer.status).toBe(409);
    expect(answer.body.message).toMatch(/idle, not running/);
    await expectUntouched('unclaimed', version);
  });

  it('for a task type not registered here: 409', async () => {
    await es.index({
      index: indices.tasks,
      id: taskDocumentId('unknown-type'),
      document: taskToDocumentSource(
        { taskType: 'fixture:unknown', params: {}, state: {} },
        'unknown-type'
      ),
    });
    const body = await claimTask(es, indices.tasks, 'unknown-type', host.uuid);
    const answer = await push(host.url, body);
    expect(answer.status).toBe(409);
    expect(answer.body.message).toMatch(/not registered/);
    await expectUntouched('unknown-type', body.claim);
  });

  it('for a task that does not exist: 409', async () => {
    const answer = await push(host.url, {
      id: 'never-scheduled',
      type: 'fixture:once',
      claim: { owner_id: host.uuid, seq_no: 0, primary_term: 1 },
    });
    expect(answer.status).toBe(409);
  });

  it('with a malformed body: 400 naming the field', async () => {
    const answer = await push(host.url, {
      id: 'x',
      type: 'fixture:once',
      claim: { owner_id: host.uuid, seq_no: -1, primary_term: 1 },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/claim\.seq_no/);
  });

  it('replayed after the run finished: 409, and it ran once', async () => {
    await schedule('replay');
    const body = await claimTask(es, indices.tasks, 'replay', host.uuid);
    expect((await push(host.url, body)).status).toBe(202);
    await waitFor(async () => (await readTask(es, indices.tasks, 'replay')) === undefined);
    expect((await push(host.url, body)).status).toBe(409);
    expect(await executionsOf(es, indices.executions, 'replay')).toHaveLength(1);
  });

  it('accepted: nothing is written before the run, whose finish is fenced by the pushed claim', async () => {
    await schedule('no-take-over', 'fixture:wait', { ms: 300 });
    const body = await claimTask(es, indices.tasks, 'no-take-over', host.uuid);
    expect((await push(host.url, body)).status).toBe(202);
    await waitFor(
      async () => (await executionsOf(es, indices.executions, 'no-take-over')).length === 1
    );
    // Running, and still exactly the claim the dispatcher pushed: a push whose answer was lost
    // is not released (it may be running), so nothing needs to win against a release.
    const running = await readTask(es, indices.tasks, 'no-take-over');
    expect(running?.task).toMatchObject({ status: 'running', ownerId: toOwnerId(host.uuid) });
    expect([running!.seqNo, running!.primaryTerm]).toEqual([
      body.claim.seq_no,
      body.claim.primary_term,
    ]);
    await waitFor(async () => (await readTask(es, indices.tasks, 'no-take-over')) === undefined);
    expect(await executionsOf(es, indices.executions, 'no-take-over')).toHaveLength(1);
  });

  it('pushed after the dispatcher released the claim: 409, and nothing runs', async () => {
    await schedule('released-first');
    const body = await claimTask(es, indices.tasks, 'released-first', host.uuid);
    const released = await es.update({
      index: indices.tasks,
      id: taskDocumentId('released-first'),
      if_seq_no: body.claim.seq_no,
      if_primary_term: body.claim.primary_term,
      doc: { task: { status: 'idle', ownerId: null, startedAt: null, retryAt: null } },
    });
    expect((await push(host.url, body)).status).toBe(409);
    await expectUntouched('released-first', {
      seq_no: released._seq_no as number,
      primary_term: released._primary_term as number,
    });
  });

  it('replayed concurrently: each answered 202 (the claim runs here), and it runs once', async () => {
    await schedule('concurrent', 'fixture:wait', { ms: 500 });
    const body = await claimTask(es, indices.tasks, 'concurrent', host.uuid);
    const answers = await Promise.all([1, 2, 3, 4].map(() => push(host.url, body)));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202]);
    await waitFor(async () => (await readTask(es, indices.tasks, 'concurrent')) === undefined);
    expect(await executionsOf(es, indices.executions, 'concurrent')).toHaveLength(1);
  });
});
