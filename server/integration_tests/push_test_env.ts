// The push-mode test environment: isolated indices, host config, and the dispatcher's side.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Client } from '@elastic/elasticsearch';
import {
  PUSH_TOKEN_HEADER,
  type NotifyRequestBody,
  type RunNowRequestBody,
} from '../../common/push/push_protocol';
import {
  documentToTaskInstance,
  taskDocumentId,
  type TaskDocumentHit,
} from '../../common/task_document';
import { claimWrite, toFence } from '../../common/task_lifecycle';
import { getEsUrl } from '../../test_helpers/elasticsearch';
import { REPO_ROOT, startInProcessHost, type InProcessHost } from '../../test_helpers/kbn_server';
import {
  deleteSystemIndices,
  TEST_PUSH_TOKEN,
  uniqueSystemIndices,
  type TestSystemIndices,
} from '../../test_helpers/system';

export const RUN_NOW_URL_PATH = '/internal/background_tasks/_run_now';
const FIXTURES = join(__dirname, 'fixtures');

export type PushTestIndices = TestSystemIndices;

/**
 * Which Task Manager the hosts run: `runtime` is the runtime's own, with claiming off (its
 * contract has `ephemeralRunNow`); `stub` (a fixture) stores tasks, never claims, and has
 * Kibana 9's contract without `ephemeralRunNow` unless asked. RUN_NOW_TASK_MANAGER=stub runs
 * every suite on the stub.
 */
export type TaskManagerKind = 'stub' | 'runtime';

export const TASK_MANAGER_KIND: TaskManagerKind =
  process.env.RUN_NOW_TASK_MANAGER === 'stub' ? 'stub' : 'runtime';

export function createIndices(prefix: string): PushTestIndices {
  return uniqueSystemIndices(prefix);
}

export function deleteIndices(es: Client, indices: PushTestIndices): Promise<void> {
  return deleteSystemIndices(es, indices);
}

export interface HostOptions {
  /** @defaultValue TASK_MANAGER_KIND */
  taskManager?: TaskManagerKind;
  /** the Task Manager stub exposes Kibana 8's `ephemeralRunNow` */
  ephemeralRunNow?: boolean;
  /** further settings, dotted keys */
  config?: Record<string, unknown>;
}

/** Host settings (dotted keys) for a push-mode node over the test indices. */
export function pushHostConfig(
  indices: PushTestIndices,
  { taskManager: kind = TASK_MANAGER_KIND, ephemeralRunNow = false, config = {} }: HostOptions = {}
): Record<string, unknown> {
  const taskManager =
    kind === 'runtime'
      ? {
          path: join(REPO_ROOT, 'runtime', 'task_manager'),
          settings: { 'xpack.task_manager.unsafe.disable_task_claiming': true },
        }
      : {
          path: join(FIXTURES, 'task_manager_stub'),
          settings: { 'xpack.task_manager.ephemeral_run_now': ephemeralRunNow },
        };
  return {
    'elasticsearch.hosts': config['elasticsearch.hosts'] ?? getEsUrl(),
    'plugins.defaults': false,
    'plugins.paths': [
      REPO_ROOT,
      taskManager.path,
      join(REPO_ROOT, 'runtime', 'spaces'),
      join(REPO_ROOT, 'runtime', 'encrypted_saved_objects'),
      join(REPO_ROOT, 'runtime', 'features'),
      join(FIXTURES, 'run_now_fixture'),
    ],
    'logging.root.level': 'debug',
    'xpack.task_manager.index': indices.tasks,
    ...taskManager.settings,
    'xpack.background_tasks.tracking_index': indices.tracking,
    'xpack.background_tasks.task_index': indices.tasks,
    'xpack.background_tasks.cancellation_check_interval_ms': 100,
    'xpack.background_tasks.push.enabled': true,
    'xpack.background_tasks.push.token': TEST_PUSH_TOKEN,
    'xpack.background_tasks.push.heartbeat_interval_ms': 200,
    'xpack.background_tasks.push.nodes_index': indices.nodes,
    'xpack.background_tasks.push.dispatcher_index': indices.dispatcher,
    'xpack.background_tasks.push.leader_cache_ms': 0,
    'run_now_fixture.executions_index': indices.executions,
    ...config,
  };
}

export type TestHost = InProcessHost;

export function startPushHost(
  indices: PushTestIndices,
  options: HostOptions = {}
): Promise<TestHost> {
  return startInProcessHost(pushHostConfig(indices, options));
}

export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

async function answer<T>(response: Response): Promise<Answer<T>> {
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : {}) as T,
    headers: response.headers,
  };
}

/** A request as the browser sends it to an internal route (`space` adds `/s/{space}`). */
export async function callRoute<T = Record<string, unknown>>(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  { space, body, authorization }: { space?: string; body?: unknown; authorization?: string } = {}
): Promise<Answer<T>> {
  const prefix = space && space !== 'default' ? `/s/${space}` : '';
  return answer<T>(
    await fetch(`${baseUrl}${prefix}${path}`, {
      method,
      headers: {
        'kbn-xsrf': 'test',
        'x-elastic-internal-origin': 'test',
        ...(authorization ? { authorization } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    })
  );
}

/**
 * The push the dispatcher sends: the push token (overridable; null leaves it out) as a bearer
 * token or, given the dispatcher's `authorization` (a host with security on), in its header.
 */
export async function push(
  baseUrl: string,
  body: RunNowRequestBody,
  token: string | null = TEST_PUSH_TOKEN,
  authorization?: string
): Promise<Answer> {
  return answer(
    await fetch(`${baseUrl}${RUN_NOW_URL_PATH}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'kbn-xsrf': 'background-tasks-dispatcher',
        ...(authorization !== undefined
          ? { authorization, ...(token !== null ? { [PUSH_TOKEN_HEADER]: token } : {}) }
          : token !== null
            ? { authorization: `Bearer ${token}` }
            : {}),
      },
      body: JSON.stringify(body),
    })
  );
}

/** The task document as stored, with its version; undefined when there is none. */
export async function readTask(es: Client, index: string, id: string) {
  const hit = await es
    .get({ index, id: taskDocumentId(id), realtime: true })
    .catch((caught: unknown) => {
      if ((caught as { meta?: { statusCode?: number } }).meta?.statusCode === 404) return undefined;
      throw caught;
    });
  if (!hit?.found) return undefined;
  return {
    task: documentToTaskInstance(hit as TaskDocumentHit),
    seqNo: hit._seq_no as number,
    primaryTerm: hit._primary_term as number,
  };
}

/**
 * Claims a task for `nodeId` as the dispatcher does: read with its version, then one update
 * fenced by it (status running, owner, startedAt, retryAt, attempts + 1). Returns the push body.
 */
export async function claimTask(
  es: Client,
  index: string,
  id: string,
  nodeId: string,
  now: Date = new Date()
): Promise<RunNowRequestBody> {
  const current = await readTask(es, index, id);
  if (!current) throw new Error(`No task [${id}] to claim`);
  const write = claimWrite(current.task, {
    nodeUuid: nodeId,
    fence: toFence(current.seqNo, current.primaryTerm),
    definition: { timeout: '1m' },
    now,
  });
  const updated = await es.update({
    index,
    id: taskDocumentId(id),
    ...write.fence,
    doc: write.doc,
  });
  return {
    id,
    type: current.task.taskType,
    claim: {
      owner_id: nodeId,
      seq_no: updated._seq_no as number,
      primary_term: updated._primary_term as number,
    },
  };
}

export interface Execution {
  task_id: string;
  node: string;
  attempts: number;
}

/** Every recorded execution of `taskId` (the fixture writes them with refresh). */
export async function executionsOf(
  es: Client,
  index: string,
  taskId: string
): Promise<Execution[]> {
  const response = await es.search<Execution>({
    index,
    ignore_unavailable: true,
    size: 100,
    query: { term: { 'task_id.keyword': taskId } },
  });
  return response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : []));
}

/** A stand-in for the dispatcher's HTTP server: records each notify body. */
export async function startNotifyServer(): Promise<{
  url: string;
  notified: NotifyRequestBody[];
  close(): Promise<void>;
}> {
  const notified: NotifyRequestBody[] = [];
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.url === '/notify')
        notified.push(JSON.parse(Buffer.concat(chunks).toString()) as NotifyRequestBody);
      response.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    notified,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
