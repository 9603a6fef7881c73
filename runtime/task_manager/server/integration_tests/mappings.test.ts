// The task index and documents the runtime writes match Kibana's task mappings and layout.
import type { Client, estypes } from '@elastic/elasticsearch';
import { URL } from 'node:url';
import { kibanaRequestFactory } from '@kbn/core-http-server-utils';
import { createTestEsClient, uniqueName } from '../../../../test_helpers/elasticsearch';
import { decodeVersion } from '../../../../common/task_document';
import kibanaTaskFields from '../saved_objects/task_mapping_fields.json';
import { startTestTaskManager } from '../test_utils';
import type { TestTaskManager } from '../test_utils';

/** `a.b.c -> type` of every leaf field of a mapping. */
function flatten(
  properties: Record<string, estypes.MappingProperty>,
  prefix = ''
): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, property] of Object.entries(properties)) {
    const path = `${prefix}${name}`;
    const nested = (property as { properties?: Record<string, estypes.MappingProperty> })
      .properties;
    if (nested && property.type !== 'nested') Object.assign(fields, flatten(nested, `${path}.`));
    else fields[path] = property.type ?? 'object';
  }
  return fields;
}

/** Attributes Kibana stores in `task` without indexing them. */
const UNINDEXED = [
  'params',
  'state',
  'startedAt',
  'traceparent',
  'user',
  'apiKey',
  'stateVersion',
  'timeoutOverride',
  'schedule.rrule',
  'userScope.spaceId',
  'userScope.apiKeyCreatedByUser',
];

// the integration project's testTimeout is not applied per project by Jest 30
jest.setTimeout(60_000);

describe('task index mappings and documents', () => {
  let client: Client;
  const index = uniqueName('.test-tm-mappings');
  let node: TestTaskManager;

  beforeAll(() => {
    client = createTestEsClient();
    node = startTestTaskManager(
      client,
      { noop: { createTaskRunner: () => ({ run: async () => ({ state: {} }) }) } },
      { config: { index }, backgroundTasks: false }
    );
  });

  afterAll(async () => {
    await node.plugin.stop();
    await client.indices.delete({ index, ignore_unavailable: true });
    await client.close();
  });

  it('creates the index with the task fields of Kibana mappings.ts', async () => {
    await node.start.fetch();
    const response = await client.indices.getMapping({ index });
    const fields = flatten(response[index].mappings.properties ?? {});
    const taskFields = Object.fromEntries(
      Object.entries(fields).filter(([name]) => name === 'type' || name.startsWith('task.'))
    );
    expect(taskFields).toEqual(kibanaTaskFields);
    expect(response[index].mappings.dynamic).toBe('strict');
  });

  it('writes documents in the saved-object layout, every field mapped or known unindexed', async () => {
    const request = kibanaRequestFactory({
      headers: {},
      path: '/s/marketing/api/x',
      url: new URL('http://localhost/s/marketing/api/x'),
    });
    const task = await node.start.schedule(
      {
        id: 'layout',
        taskType: 'noop',
        schedule: { interval: '5m' },
        params: { a: 1 },
        state: { b: 2 },
        scope: ['backgroundTasks'],
      },
      { request }
    );
    const doc = await client.get<{
      type: string;
      task: Record<string, unknown>;
      references: unknown[];
    }>({
      index,
      id: 'task:layout',
    });
    expect(decodeVersion(task.version!)).toEqual({
      if_seq_no: doc._seq_no,
      if_primary_term: doc._primary_term,
    });
    const source = doc._source!;
    expect(source.type).toBe('task');
    expect(source.references).toEqual([]);
    expect(source.task).toMatchObject({
      taskType: 'noop',
      status: 'idle',
      attempts: 0,
      params: '{"a":1}',
      state: '{"b":2}',
      enabled: true,
      ownerId: null,
      retryAt: null,
      startedAt: null,
      scope: ['backgroundTasks'],
      schedule: { interval: '5m' },
      userScope: { spaceId: 'marketing' },
    });
    expect(typeof source.task.partition).toBe('number');

    const written = flatten(
      Object.fromEntries(
        Object.entries(source.task).map(([k, v]) => [
          k,
          (v && typeof v === 'object' && !Array.isArray(v)
            ? { properties: Object.fromEntries(Object.keys(v).map((key) => [key, { type: 'x' }])) }
            : { type: 'x' }) as unknown as estypes.MappingProperty,
        ])
      )
    );
    const unknown = Object.keys(written)
      .map((name) => `task.${name}`)
      .filter((name) => !(name in kibanaTaskFields) && !UNINDEXED.includes(name.slice(5)));
    expect(unknown).toEqual([]);
  });
});
