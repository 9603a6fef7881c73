// The leader lease: one document acquired and renewed with if_seq_no/if_primary_term, a term
// that grows on every takeover. The leader trusts its lease only until expires_at minus a
// safety margin, measured on the local monotonic clock from before the renewal was sent, so
// it stops claiming before any standby could take the lease over.
import { performance } from 'node:perf_hooks';
import type { Client } from '@elastic/elasticsearch';
import type { LeaderLeaseDocument } from '../../common/push/push_protocol';
import { describeError, isConflict, isNotFound } from './errors';
import type { Logger } from './logger';

export interface LeaderLeaseOptions {
  index: string;
  id: string;
  /** this dispatcher's id */
  holder: string;
  durationMs: number;
  renewIntervalMs: number;
  safetyMarginMs: number;
  /** this dispatcher's URL, for notify calls */
  url?: string;
}

export type LeadershipListener = (leader: boolean, term: number) => void;

/** What decides whether this process may claim. Tests may force it. */
export interface Leadership {
  isLeader(): boolean;
  term(): number;
  start(): void;
  stop(): Promise<void>;
  onChange(listener: LeadershipListener): void;
  /** the lease as last read, for /health */
  describe(): { leader: boolean; term: number; holder?: string; expires_at?: string };
}

interface Version {
  seqNo: number;
  primaryTerm: number;
}

export class LeaderLease implements Leadership {
  private validUntil = 0; // performance.now() deadline; 0 = not leader
  private heldTerm = 0;
  private version: Version | undefined;
  private lastSeen: LeaderLeaseDocument | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private wasLeader = false;
  private readonly listeners: LeadershipListener[] = [];

  constructor(
    private readonly es: Client,
    private readonly options: LeaderLeaseOptions,
    private readonly logger: Logger,
    private readonly monotonicNow: () => number = () => performance.now()
  ) {}

  isLeader(): boolean {
    return this.validUntil > this.monotonicNow();
  }

  term(): number {
    return this.heldTerm || this.lastSeen?.term || 0;
  }

  onChange(listener: LeadershipListener) {
    this.listeners.push(listener);
  }

  describe() {
    return {
      leader: this.isLeader(),
      term: this.term(),
      holder: this.lastSeen?.holder,
      expires_at: this.lastSeen?.expires_at,
    };
  }

  start() {
    this.stopped = false;
    const loop = async () => {
      this.running = this.tick();
      await this.running;
      this.running = undefined;
      if (!this.stopped) this.timer = setTimeout(loop, this.nextDelay());
    };
    void loop();
  }

  /** Stops renewing; if leading, gives the lease up so a standby takes over at once. */
  async stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    const wasLeader = this.isLeader();
    this.validUntil = 0;
    this.notify();
    if (wasLeader && this.version) {
      try {
        await this.es.index({
          index: this.options.index,
          id: this.options.id,
          if_seq_no: this.version.seqNo,
          if_primary_term: this.version.primaryTerm,
          refresh: false,
          document: this.leaseDocument(this.heldTerm, Date.now()),
        });
        this.logger.info('Gave up the leader lease', { term: this.heldTerm });
      } catch (error) {
        this.logger.warn('Could not give up the leader lease; it lapses on its own', {
          error: describeError(error),
        });
      }
    }
  }

  /** Leaders renew at the renew interval; standbys look at the same pace. */
  private nextDelay(): number {
    if (!this.isLeader()) return this.options.renewIntervalMs;
    // Never let the local deadline pass between two renewals.
    const left = this.validUntil - this.monotonicNow();
    return Math.max(0, Math.min(this.options.renewIntervalMs, left / 2));
  }

  /** One look at the lease: create, renew, take over or stand by. Never throws. */
  async tick(): Promise<void> {
    const sentAt = this.monotonicNow();
    try {
      const current = await this.read();
      if (!current) {
        await this.write(1, undefined, sentAt, 'acquired');
      } else if (current.doc.holder === this.options.holder && current.doc.term === this.heldTerm) {
        await this.write(this.heldTerm, current.version, sentAt, 'renewed');
      } else if (Date.parse(current.doc.expires_at) <= Date.now()) {
        await this.write(current.doc.term + 1, current.version, sentAt, 'took over');
      } else {
        this.lastSeen = current.doc;
        this.loseLeadership('held by ' + current.doc.holder);
      }
    } catch (error) {
      if (isConflict(error)) {
        this.loseLeadership('another dispatcher wrote the lease first');
      } else {
        // Keep leading until the local deadline: a standby cannot take over before it anyway.
        this.logger.warn('Leader lease check failed', {
          error: describeError(error),
          leader: this.isLeader(),
        });
      }
    }
    this.notify();
  }

  private async read(): Promise<{ doc: LeaderLeaseDocument; version: Version } | undefined> {
    try {
      const doc = await this.es.get<LeaderLeaseDocument>({
        index: this.options.index,
        id: this.options.id,
        realtime: true,
      });
      if (!doc._source || doc._seq_no == null || doc._primary_term == null) return undefined;
      return { doc: doc._source, version: { seqNo: doc._seq_no, primaryTerm: doc._primary_term } };
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  private async write(term: number, version: Version | undefined, sentAt: number, what: string) {
    const document = this.leaseDocument(term, Date.now() + this.options.durationMs);
    try {
      const response = await this.es.index({
        index: this.options.index,
        id: this.options.id,
        refresh: false,
        document,
        ...(version
          ? { if_seq_no: version.seqNo, if_primary_term: version.primaryTerm }
          : { op_type: 'create' as const }),
      });
      this.version = { seqNo: response._seq_no!, primaryTerm: response._primary_term! };
    } catch (error) {
      // The write may have landed and only its answer been lost with an Elasticsearch node:
      // the client's retry on another node then conflicts with our own write. It is ours
      // when the lease holds exactly what we wrote (holder, term, expiry to the millisecond).
      const landed = isConflict(error) ? await this.read() : undefined;
      const ours =
        landed?.doc.holder === document.holder &&
        landed.doc.term === document.term &&
        landed.doc.expires_at === document.expires_at;
      if (!ours) throw error;
      this.version = landed.version;
    }
    this.lastSeen = document;
    const renewal = what === 'renewed';
    this.heldTerm = term;
    this.validUntil = sentAt + this.options.durationMs - this.options.safetyMarginMs;
    if (!renewal) this.logger.info(`Leader lease ${what}`, { term, holder: this.options.holder });
  }

  private leaseDocument(term: number, expiresAt: number): LeaderLeaseDocument {
    return {
      holder: this.options.holder,
      term,
      expires_at: new Date(expiresAt).toISOString(),
      ...(this.options.url ? { url: this.options.url } : {}),
    };
  }

  private loseLeadership(reason: string) {
    if (this.heldTerm !== 0 || this.validUntil !== 0) {
      this.logger.warn(`No longer the leader: ${reason}`, { term: this.heldTerm });
    }
    this.validUntil = 0;
    this.heldTerm = 0;
    this.version = undefined;
  }

  private notify() {
    const leader = this.isLeader();
    if (leader === this.wasLeader) return;
    this.wasLeader = leader;
    for (const listener of this.listeners) listener(leader, this.term());
  }
}

/** Leadership that is always held: for tests that force several dispatchers to claim at once. */
export class AlwaysLeader implements Leadership {
  isLeader() {
    return true;
  }
  term() {
    return 1;
  }
  start() {}
  async stop() {}
  onChange(listener: LeadershipListener) {
    listener(true, 1);
  }
  describe() {
    return { leader: true, term: 1 };
  }
}
