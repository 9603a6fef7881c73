// The OpenAPI schema of the health report (common/health/background_tasks_health.ts).
import { HEALTH_STATUSES } from '../../common';
import type { OpenApiSchema } from './joi_to_openapi_schema';

const number = (description: string): OpenApiSchema => ({ type: 'number', description });
const date = (description: string): OpenApiSchema => ({
  type: 'string',
  format: 'date-time',
  description,
});

/** Fields the report leaves out when they have no value. */
const OPTIONAL = new Set(['oldest_run_at', 'reason']);

const object = (
  properties: Record<string, OpenApiSchema>,
  description?: string
): OpenApiSchema => ({
  type: 'object',
  ...(description ? { description } : {}),
  properties,
  required: Object.keys(properties).filter((key) => !OPTIONAL.has(key)),
});

const DUE = object(
  {
    count: number('Tasks due (idle, runAt passed) and not started.'),
    drift_ms: number('How late the oldest is, in ms; 0 when none.'),
    oldest_run_at: date('The oldest one’s runAt.'),
  },
  'Due-but-not-started tasks.'
);

const RUNS = object(
  {
    window_ms: number('The window, in ms (`health.window_ms`).'),
    completed: number('Tasks whose last completion falls in the window.'),
    failed: number('Tasks whose last failure falls in the window.'),
    per_minute: number('(completed + failed) per minute over the window.'),
    failure_ratio: {
      ...number('failed / (completed + failed); null with no run.'),
      nullable: true,
    },
  },
  'Finished runs in the recent window, from the tracking documents.'
);

const NODE = object({
  id: { type: 'string', description: 'The node’s server uuid.' },
  push_url: { type: 'string' },
  capacity: number('Cost units it runs at once.'),
  load: number('Cost units of the tasks claimed for it now.'),
  running: number('Tasks claimed for it now.'),
  last_seen: date('Its last heartbeat.'),
});

export const HEALTH_RESPONSE: OpenApiSchema = object({
  status: { enum: [...HEALTH_STATUSES], description: 'The worst finding; OK with none.' },
  reason: { type: 'string', description: 'Every rule that fired, worst first; absent when OK.' },
  last_update: date('When the report was computed.'),
  push: {
    type: 'boolean',
    description: 'Push execution is in use: the node and leader rules apply.',
  },
  nodes: object(
    {
      live: number('Nodes whose heartbeat is recent.'),
      capacity: number('Cost units, all live nodes.'),
      load: number('Cost units in use, all live nodes.'),
      list: { type: 'array', items: NODE },
    },
    'Live Kibana nodes running pushed tasks.'
  ),
  leader: {
    ...object({
      holder: { type: 'string', description: 'The leading dispatcher’s id.' },
      term: number('Grows by one on every takeover.'),
      expires_at: date('When another dispatcher may take the lease.'),
      valid: { type: 'boolean', description: 'The lease has not expired.' },
    }),
    nullable: true,
    description: 'The dispatcher leader lease; null when none was ever written.',
  },
  due: DUE,
  runs: RUNS,
  task_types: {
    type: 'object',
    description: 'Per task type.',
    additionalProperties: object({
      total: number('Task documents of the type.'),
      running: number('Claimed now.'),
      failed: number('One-shot tasks that used up their attempts.'),
      retrying: number('Tasks waiting for, or running, a retry.'),
      due: DUE,
      runs: RUNS,
    }),
  },
});
