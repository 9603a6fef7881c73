// Prometheus metrics of one dispatcher, in a registry of its own (several dispatchers may share
// a process in tests).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PushOutcome } from './push';

export class DispatcherMetrics {
  readonly registry = new Registry();

  readonly claims = new Counter({
    name: 'background_tasks_dispatcher_claims_total',
    help: 'Tasks claimed (fenced bulk updates that succeeded)',
    registers: [this.registry],
  });
  readonly conflicts = new Counter({
    name: 'background_tasks_dispatcher_claim_conflicts_total',
    help: 'Claims fenced out because the task changed since it was read',
    registers: [this.registry],
  });
  readonly pushes = new Counter({
    name: 'background_tasks_dispatcher_pushes_total',
    help: 'Pushes to nodes, by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly releases = new Counter({
    name: 'background_tasks_dispatcher_releases_total',
    help: 'Claims released after a failed or refused push, by result',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly expired = new Counter({
    name: 'background_tasks_dispatcher_expired_claims_total',
    help: 'Expired claims, by what became of them (redispatched, failed, rescheduled)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });
  readonly retentionRemoved = new Counter({
    name: 'background_tasks_dispatcher_retention_removed_total',
    help: 'Documents the retention sweep deleted, by kind (tracking, task)',
    labelNames: ['document'] as const,
    registers: [this.registry],
  });
  readonly esErrors = new Counter({
    name: 'background_tasks_dispatcher_elasticsearch_errors_total',
    help: 'Elasticsearch requests that got no answer (connection, timeout) or a 5xx/429; conflicts and 404s are not errors',
    registers: [this.registry],
  });
  readonly dispatchLatency = new Histogram({
    name: 'background_tasks_dispatcher_dispatch_latency_seconds',
    help: 'From the moment a task was due (runAt) until a node accepted it',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  readonly inFlight = new Gauge({
    name: 'background_tasks_dispatcher_in_flight_cost',
    help: 'Cost units in flight per node, as last computed',
    labelNames: ['node'] as const,
    registers: [this.registry],
  });
  readonly leader = new Gauge({
    name: 'background_tasks_dispatcher_leader',
    help: '1 while this dispatcher holds the leader lease',
    registers: [this.registry],
  });
  readonly term = new Gauge({
    name: 'background_tasks_dispatcher_lease_term',
    help: 'The leader lease term last seen',
    registers: [this.registry],
  });

  constructor({ defaultMetrics = true }: { defaultMetrics?: boolean } = {}) {
    if (defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  push(outcome: PushOutcome) {
    this.pushes.inc({ outcome });
  }

  setInFlight(perNode: Record<string, { cost: number }>) {
    this.inFlight.reset();
    for (const [node, { cost }] of Object.entries(perNode)) this.inFlight.set({ node }, cost);
  }
}
