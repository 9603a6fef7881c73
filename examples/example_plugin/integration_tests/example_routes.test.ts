// Acceptance 3 (issue 4): the example plugin's routes, through a real runtime host (a child
// process): a params schema answers 400 naming the bad field, a thrown error becomes Kibana's
// generic 500 without a stack in the body.
import { createTestEsClient, getEsUrl, uniqueName } from '../../../test_helpers/elasticsearch';
import { startNodes, type NodeHandle } from '../../../runtime/host';
import { EXAMPLE_API_BASE_PATH } from '../server/plugin';

const es = createTestEsClient();
const base = uniqueName('example-routes');
const indices = { tasks: `${base}-tasks`, tracking: `${base}-tracking` };
let node: NodeHandle | undefined;

async function call(method: 'GET' | 'POST', path: string, body?: unknown) {
  const response = await fetch(`${(node as NodeHandle).url}${EXAMPLE_API_BASE_PATH}${path}`, {
    method,
    headers: method === 'POST' ? { 'content-type': 'application/json', 'kbn-xsrf': 'test' } : {},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, text, body: text ? (JSON.parse(text) as unknown) : undefined };
}

beforeAll(async () => {
  [node] = await startNodes({
    count: 1,
    esUrl: getEsUrl(),
    config: {
      'elasticsearch.hosts': getEsUrl(),
      // The default plugins: this repository's, Task Manager, spaces and the example plugin.
      'plugins.defaults': true,
      'logging.root.level': 'warn',
      'xpack.task_manager.index': indices.tasks,
      'xpack.task_manager.unsafe.disable_task_claiming': true,
      'xpack.background_tasks.tracking_index': indices.tracking,
      'xpack.background_tasks.task_index': indices.tasks,
      'xpack.background_tasks.push.enabled': false,
    },
  });
});

afterAll(async () => {
  await node?.stop();
  await es.indices.delete({ index: Object.values(indices), ignore_unavailable: true });
  await es.close();
});

describe('the example plugin routes on a runtime host', () => {
  it('answers 400 naming the field of a wrongly typed body value', async () => {
    const res = await call('POST', '/echo', { message: 42 });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: '[request body.message]: expected value of type [string] but got [number]',
    });
  });

  it('answers 400 naming a fractional count', async () => {
    const res = await call('POST', '/echo', { message: 'hi', times: 1.5 });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ message: '[request body.times]: must be an integer' });
  });

  it('answers 400 naming an unknown key', async () => {
    const res = await call('POST', '/echo', { message: 'hi', volume: 11 });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: '[request body.volume]: definition for this key is missing',
    });
  });

  it('answers 200 with the echo for a valid body', async () => {
    await expect(call('POST', '/echo', { message: 'hi', times: 2 })).resolves.toMatchObject({
      status: 200,
      body: { echo: ['hi', 'hi'] },
    });
    await expect(call('POST', '/echo', { message: 'once' })).resolves.toMatchObject({
      status: 200,
      body: { echo: ['once'] },
    });
  });

  it("turns a thrown error into Kibana's generic 500, without a stack or the cause", async () => {
    const res = await call('GET', '/throw');
    expect(res.status).toBe(500);
    expect(res.body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'An internal server error occurred.',
    });
    expect(res.text).not.toMatch(/\bat |Example route failure|\.ts:\d+/);
  });
});
