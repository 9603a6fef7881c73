// One dispatcher process: the lease, the node registry, the dispatch loop and the HTTP server,
// started and stopped together.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Client } from '@elastic/elasticsearch';
import type Hapi from '@hapi/hapi';
import type { DispatcherConfig } from './config';
import { DispatchLoop } from './dispatch_loop';
import { describeError, isElasticsearchFailure } from './errors';
import { startHttpServer } from './http_server';
import { InFlightTracker } from './in_flight';
import { LeaderLease, type Leadership } from './leader_lease';
import { createLogger, type Logger } from './logger';
import { DispatcherMetrics } from './metrics';
import { NodeBackoff } from './node_backoff';
import { NodeRegistry } from './node_registry';
import { PushClient } from './push';
import { RetentionSweeper } from './retention_sweeper';
import { LEADER_LEASE_ID } from '../../common/push/push_protocol';

export interface DispatcherOptions {
  logger?: Logger;
  /** replaces the leader lease (tests force leadership to make dispatchers race) */
  leadership?: (dispatcherId: string, url: string) => Leadership;
  /** process-wide metrics (event loop, memory); off in tests. @defaultValue true */
  defaultMetrics?: boolean;
}

export class Dispatcher {
  readonly id: string;
  readonly metrics: DispatcherMetrics;
  private readonly es: Client;
  private readonly logger: Logger;
  private readonly registry: NodeRegistry;
  private readonly backoff: NodeBackoff;
  private readonly inFlight: InFlightTracker;
  private readonly pushClient: PushClient;
  private leadership: Leadership | undefined;
  private loop: DispatchLoop | undefined;
  private sweeper: RetentionSweeper | undefined;
  private server: Hapi.Server | undefined;

  constructor(
    private readonly config: DispatcherConfig,
    private readonly options: DispatcherOptions = {}
  ) {
    this.id = config.id ?? `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
    this.logger = options.logger ?? createLogger(config.logging.level);
    this.metrics = new DispatcherMetrics({ defaultMetrics: options.defaultMetrics ?? true });
    const { hosts, username, password, api_key, request_timeout_ms } = config.elasticsearch;
    this.es = new Client({
      nodes: hosts,
      requestTimeout: request_timeout_ms,
      // The loop retries with its own back-off; a client-level retry would only hide outages.
      // With several hosts, a request that cannot reach one is tried once on each of the others.
      maxRetries: hosts.length - 1,
      ...(api_key
        ? { auth: { apiKey: api_key } }
        : username && password
          ? { auth: { username, password } }
          : {}),
    });
    this.es.diagnostic.on('response', (error) => {
      if (isElasticsearchFailure(error)) this.metrics.esErrors.inc();
    });
    this.registry = new NodeRegistry(
      this.es,
      {
        index: config.indices.nodes,
        missedHeartbeats: config.nodes.missed_heartbeats,
        refreshIntervalMs: config.nodes.refresh_interval_ms,
      },
      this.logger.get('nodes')
    );
    this.backoff = new NodeBackoff({
      initialMs: config.push.backoff_initial_ms,
      maxMs: config.push.backoff_max_ms,
    });
    this.inFlight = new InFlightTracker(this.es, {
      index: config.indices.tasks,
      scope: config.scope,
      reconcileIntervalMs: config.poll.interval_ms,
    });
    this.pushClient = new PushClient({
      token: config.push.token,
      apiKey: config.push.api_key,
      timeoutMs: config.push.timeout_ms,
    });
  }

  /** URL of the HTTP server (after start). */
  get url(): string {
    if (!this.server) throw new Error('the dispatcher is not started');
    return this.config.http.public_url ?? this.server.info.uri;
  }

  isLeader(): boolean {
    return this.leadership?.isLeader() ?? false;
  }

  async start(): Promise<void> {
    this.server = await startHttpServer(
      { ...this.config.http, token: this.config.push.token },
      {
        health: () => this.health(),
        metrics: async () => ({
          contentType: this.metrics.registry.contentType,
          body: await this.metrics.registry.metrics(),
        }),
        notify: ({ ids, tasks, finished, node_id }) => {
          if (!this.isLeader()) return false;
          if (finished) this.loop?.ended(finished, node_id);
          this.loop?.notify(ids, tasks);
          return true;
        },
      }
    );
    const url = this.url;
    this.leadership =
      this.options.leadership?.(this.id, url) ??
      new LeaderLease(
        this.es,
        {
          index: this.config.indices.dispatcher,
          id: LEADER_LEASE_ID,
          holder: this.id,
          durationMs: this.config.lease.duration_ms,
          renewIntervalMs: this.config.lease.renew_interval_ms,
          safetyMarginMs: this.config.lease.safety_margin_ms,
          url,
        },
        this.logger.get('lease')
      );
    this.loop = new DispatchLoop({
      es: this.es,
      config: this.config,
      nodes: this.registry,
      inFlight: this.inFlight,
      backoff: this.backoff,
      leadership: this.leadership,
      pushClient: this.pushClient,
      metrics: this.metrics,
      logger: this.logger.get('loop'),
    });
    this.leadership.onChange((leader, term) => {
      this.metrics.leader.set(leader ? 1 : 0);
      this.metrics.term.set(term);
      this.loop?.wake();
    });
    this.sweeper = new RetentionSweeper({
      es: this.es,
      config: this.config,
      leadership: this.leadership,
      metrics: this.metrics,
      logger: this.logger.get('retention'),
    });
    this.leadership.start();
    this.loop.start();
    this.sweeper.start();
    this.logger.info('Dispatcher started', { dispatcher: { id: this.id, url } });
  }

  /** Graceful stop: no more claims, pushes under way settle, the lease is given up, sockets closed. */
  async stop(): Promise<void> {
    await this.sweeper?.stop();
    await this.loop?.stop();
    await this.leadership?.stop();
    await this.server?.stop({ timeout: 1000 });
    this.pushClient.close();
    await this.es.close();
    this.logger.info('Dispatcher stopped', { dispatcher: { id: this.id } });
  }

  private async health() {
    let reachable = true;
    let esError: string | undefined;
    try {
      await this.es.cluster.health({ timeout: '1s' }, { requestTimeout: 2000 });
    } catch (error) {
      reachable = false;
      esError = describeError(error);
    }
    const inFlight = this.inFlight.perNode();
    const backedOff = this.backoff.snapshot();
    const lease = this.leadership?.describe() ?? { leader: false, term: 0 };
    return {
      healthy: reachable,
      body: {
        id: this.id,
        ...lease,
        elasticsearch: { reachable, ...(esError ? { error: esError } : {}) },
        nodes: this.registry.live().map((node) => ({
          id: node.id,
          push_url: node.push_url,
          capacity: node.capacity,
          queue_capacity: node.queue_capacity ?? 0,
          last_seen: node.last_seen,
          in_flight: inFlight[node.id] ?? { tasks: 0, cost: 0 },
          // runs whose outcome the node is still writing: not taken over while it vouches
          vouched_tasks: node.vouched_tasks?.length ?? 0,
          ...(backedOff[node.id] ? { backed_off_until: backedOff[node.id] } : {}),
        })),
      },
    };
  }
}
