// Remembers the claims this node has run lately, so a replayed push of one is refused.

/** Far more than a node runs between two pushes of the same claim could race. */
const DEFAULT_SIZE = 10_000;

/**
 * The realtime GET alone leaves a window: a replay whose GET was answered just before the
 * first run's finish was written would pass verification once the first run has left the
 * capacity tracker. A claim (id + seq_no + primary_term) is unique, so once run it is refused.
 */
export class RecentClaims {
  private readonly keys = new Set<string>();

  constructor(private readonly size: number = DEFAULT_SIZE) {}

  public static key(id: string, seqNo: number, primaryTerm: number): string {
    return `${id}:${seqNo}:${primaryTerm}`;
  }

  public has(key: string): boolean {
    return this.keys.has(key);
  }

  public add(key: string): void {
    this.keys.add(key);
    if (this.keys.size > this.size) {
      // A Set iterates in insertion order: the oldest goes first.
      const oldest = this.keys.values().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
  }
}
