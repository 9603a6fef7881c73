// Issue 11: on a node with security, a pushed task runs as the user who scheduled it (through the
// API key Task Manager made for them), in their space, and its key is invalidated once it is removed.
import { randomBytes } from 'node:crypto';
import { Client } from '@elastic/elasticsearch';
import { elasticAuthorization, startElasticsearch } from '../../scripts/es/elasticsearch';
import { waitFor } from '../../test_helpers/wait_for';
import { TEST_PUSH_TOKEN } from '../../test_helpers/system';
import {
  claimTask,
  createIndices,
  deleteIndices,
  push,
  pushHostConfig,
  readTask,
  type TestHost,
} from './push_test_env';
import { startInProcessHost } from '../../test_helpers/kbn_server';

// Starting an Elasticsearch with security takes up to a minute on a busy machine.
jest.setTimeout(240_000);

const suffix = randomBytes(3).toString('hex');
const indices = createIndices('run-as-user');
const pullIndices = createIndices('run-as-user-pull');
const SPACE = 'team-a';
const FIXTURE = `/s/${SPACE}/internal/run_now_fixture/whoami`;
const PASSWORD = `pw-${randomBytes(8).toString('hex')}`;
const WRITER = `bt-writer-${suffix}`;
const READER = `bt-reader-${suffix}`;

let es: Client;
let elastic: string;
let stopEs: (() => Promise<void>) | undefined;
let host: TestHost;
let elasticPasswordUsed: string;
let esUrl: string;

const basic = (username: string) =>
  `Basic ${Buffer.from(`${username}:${PASSWORD}`).toString('base64')}`;

/** A request as Kibana's browser http sends it, with the user's credentials. */
async function call(
  method: 'GET' | 'POST',
  path: string,
  authorization: string,
  on: TestHost = host
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${on.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      'kbn-version': '9.3.0',
      'x-elastic-internal-origin': 'Kibana',
      authorization,
    },
    body: method === 'POST' ? '{}' : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

async function apiKey(id: string) {
  const { api_keys: keys } = await es.security.getApiKey({ id });
  return keys[0];
}

beforeAll(async () => {
  // SECURED_ELASTICSEARCH_HOSTS (with ELASTIC_PASSWORD) names one already running with security.
  const given = process.env.SECURED_ELASTICSEARCH_HOSTS;
  const elasticPassword = given ? (process.env.ELASTIC_PASSWORD ?? 'changeme') : PASSWORD;
  let url = given;
  if (!url) {
    const started = await startElasticsearch({ elasticPassword });
    url = started.url;
    stopEs = started.stop;
  }
  elastic = elasticAuthorization(elasticPassword);
  elasticPasswordUsed = elasticPassword;
  esUrl = url;
  es = new Client({ node: url, headers: { authorization: elastic } });
  // Roles grant the plugin's Kibana feature per space, as Kibana's role editor writes them.
  const feature = (privilege: string) => ({
    applications: [
      {
        application: 'kibana-.kibana',
        privileges: [`feature_backgroundTasks.${privilege}`],
        resources: [`space:${SPACE}`],
      },
    ],
  });
  await es.security.putRole({ name: WRITER, ...feature('all') });
  await es.security.putRole({ name: READER, ...feature('read') });
  await es.security.putUser({ username: WRITER, password: PASSWORD, roles: [WRITER] });
  await es.security.putUser({ username: READER, password: PASSWORD, roles: [READER] });
  host = await startInProcessHost(
    pushHostConfig(indices, {
      taskManager: 'runtime',
      config: {
        'elasticsearch.hosts': url,
        'elasticsearch.username': 'elastic',
        'elasticsearch.password': elasticPassword,
        'server.authz.elasticsearch': true,
        'xpack.encryptedSavedObjects.encryptionKey': randomBytes(24).toString('hex'),
      },
    })
  );
});

afterAll(async () => {
  await host?.stop();
  if (es) {
    await deleteIndices(es, indices);
    await deleteIndices(es, pullIndices);
    await es.security.deleteUser({ username: WRITER }).catch(() => undefined);
    await es.security.deleteUser({ username: READER }).catch(() => undefined);
    await es.security.deleteRole({ name: WRITER }).catch(() => undefined);
    await es.security.deleteRole({ name: READER }).catch(() => undefined);
    await es.close();
  }
  await stopEs?.();
});

describe('a pushed task on a node with security', () => {
  it('refuses a user without the manage privilege (403) and writes nothing', async () => {
    const refused = await call('POST', `${FIXTURE}/denied?schedule=true`, basic(READER));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('manage_background_tasks');
    expect(await readTask(es, indices.tasks, 'whoami-denied')).toBeUndefined();
    const tracked = await es.search({
      index: indices.tracking,
      ignore_unavailable: true,
      query: { ids: { values: ['whoami-denied'] } },
    });
    expect(tracked.hits.hits).toHaveLength(0);
    // the reader may read, in that space only
    expect((await call('GET', `${FIXTURE}/denied`, basic(READER))).status).toBe(200);
    expect(
      (await call('GET', '/internal/run_now_fixture/whoami/denied', basic(READER))).status
    ).toBe(403);
  });

  it('runs as the user who scheduled it, in their space, and invalidates its key when done', async () => {
    const scheduled = await call('POST', `${FIXTURE}/alpha?schedule=true`, basic(WRITER));
    expect(scheduled.status).toBe(200);

    const stored = await readTask(es, indices.tasks, 'whoami-alpha');
    expect(stored?.task.userScope).toEqual({
      apiKeyId: expect.any(String),
      spaceId: SPACE,
      apiKeyCreatedByUser: false,
    });
    const keyId = stored!.task.userScope!.apiKeyId;
    // at rest the key is ciphertext, never the `id:key` pair Elasticsearch answered
    expect(Buffer.from(stored!.task.apiKey!, 'base64').toString()).not.toContain(`${keyId}:`);
    expect(await apiKey(keyId)).toMatchObject({ username: WRITER, invalidated: false });

    const claim = await claimTask(es, indices.tasks, 'whoami-alpha', host.uuid);
    expect((await push(host.url, claim, TEST_PUSH_TOKEN, elastic)).status).toBe(202);

    const done = await waitFor(
      async () => {
        const answer = await call('GET', `${FIXTURE}/alpha`, basic(WRITER));
        return answer.body.status === 'completed' ? answer.body : undefined;
      },
      { timeoutMs: 30_000 }
    );
    expect(done).toMatchObject({
      username: WRITER,
      authentication_type: 'api_key',
      api_key_id: keyId,
      base_path: `/s/${SPACE}`,
    });
    // The tracking document says `completed` before the node's finish removes the task.
    await waitFor(async () => (await readTask(es, indices.tasks, 'whoami-alpha')) === undefined, {
      timeoutMs: 10_000,
      description: 'the finished task to be removed',
    });
    await waitFor(async () => (await apiKey(keyId)).invalidated === true || undefined, {
      timeoutMs: 10_000,
    });
  });

  it('invalidates the key of a task that failed for good, whose document stays as failed', async () => {
    expect((await call('POST', `${FIXTURE}/fails?schedule=true`, basic(WRITER))).status).toBe(200);
    const keyId = (await readTask(es, indices.tasks, 'whoami-fails'))!.task.userScope!.apiKeyId;
    const claim = await claimTask(es, indices.tasks, 'whoami-fails', host.uuid);
    expect((await push(host.url, claim, TEST_PUSH_TOKEN, elastic)).status).toBe(202);
    const failed = await waitFor(
      async () => {
        const answer = await call('GET', `${FIXTURE}/fails`, basic(WRITER));
        return answer.body.status === 'failed' ? answer.body : undefined;
      },
      { timeoutMs: 30_000 }
    );
    expect(failed.error).toContain(`${WRITER} failed on purpose`);
    await waitFor(
      async () => (await readTask(es, indices.tasks, 'whoami-fails'))?.task.status === 'failed',
      { timeoutMs: 10_000, description: 'the task document to be failed' }
    );
    await waitFor(async () => (await apiKey(keyId)).invalidated === true || undefined, {
      timeoutMs: 10_000,
    });
  });

  it('invalidates the key when a task is removed before it ran (cancel, through Task Manager)', async () => {
    expect((await call('POST', `${FIXTURE}/beta?schedule=true`, basic(WRITER))).status).toBe(200);
    const keyId = (await readTask(es, indices.tasks, 'whoami-beta'))!.task.userScope!.apiKeyId;
    expect(await apiKey(keyId)).toMatchObject({ invalidated: false });
    const canceled = await call('POST', `${FIXTURE}/beta?cancel=true`, basic(WRITER));
    expect(canceled.status).toBe(200);
    expect(await readTask(es, indices.tasks, 'whoami-beta')).toBeUndefined();
    expect(await apiKey(keyId)).toMatchObject({ invalidated: true });
  });
});

describe('a task claimed by Task Manager itself (pull mode) on a node with security', () => {
  let pullHost: TestHost;

  beforeAll(async () => {
    pullHost = await startInProcessHost(
      pushHostConfig(pullIndices, {
        taskManager: 'runtime',
        config: {
          'elasticsearch.hosts': esUrl,
          'elasticsearch.username': 'elastic',
          'elasticsearch.password': elasticPasswordUsed,
          'server.authz.elasticsearch': true,
          'xpack.encryptedSavedObjects.encryptionKey': randomBytes(24).toString('hex'),
          'xpack.task_manager.unsafe.disable_task_claiming': false,
          'xpack.background_tasks.push.enabled': false,
        },
      })
    );
  });

  afterAll(async () => {
    await pullHost?.stop();
  });

  it('runs with the decrypted key of its user, and invalidates it once removed', async () => {
    const path = `${FIXTURE}/gamma`;
    expect((await call('POST', `${path}?schedule=true`, basic(WRITER), pullHost)).status).toBe(200);
    const keyId = (await readTask(es, pullIndices.tasks, 'whoami-gamma'))!.task.userScope!.apiKeyId;
    const done = await waitFor(
      async () => {
        const answer = await call('GET', path, basic(WRITER), pullHost);
        return answer.body.status === 'completed' || answer.body.status === 'failed'
          ? answer.body
          : undefined;
      },
      { timeoutMs: 30_000 }
    );
    expect(done).toMatchObject({
      status: 'completed',
      username: WRITER,
      authentication_type: 'api_key',
      api_key_id: keyId,
    });
    await waitFor(async () => (await apiKey(keyId)).invalidated === true || undefined, {
      timeoutMs: 10_000,
    });
  });
});
