// The claims whose run ended on this node, remembered for a while: a replayed push of one (read
// before its finish changed the version) would pass the claim check and run it again.

/**
 * How long a claim that ran here is remembered, in ms: far longer than a push can be under way
 * (`push.timeout_ms`, 5 s), so a replay never starts it again.
 */
const ENDED_CLAIM_MEMORY_MS = 60_000;

export interface ClaimRef {
  id: string;
  seqNo: number;
  primaryTerm: number;
}

const keyOf = ({ id, seqNo, primaryTerm }: ClaimRef) => `${id}:${seqNo}:${primaryTerm}`;

export class EndedClaims {
  /** by claim, when it ended; a Map iterates in insertion order, so the oldest come first */
  private readonly ended = new Map<string, number>();

  public remember(claim: ClaimRef, now = Date.now()): void {
    for (const [key, endedAt] of this.ended) {
      if (endedAt > now - ENDED_CLAIM_MEMORY_MS) break; // the rest is newer
      this.ended.delete(key);
    }
    this.ended.set(keyOf(claim), now);
  }

  public has(claim: ClaimRef): boolean {
    return this.ended.has(keyOf(claim));
  }
}
