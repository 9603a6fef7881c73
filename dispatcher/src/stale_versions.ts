// Versions of tasks this dispatcher knows are superseded (it claimed over them, or a claim of
// them conflicted), so the due-task search leaves them out instead of filling every batch with
// tasks already claimed that still look idle until the next index refresh.
import type { estypes } from '@elastic/elasticsearch';
import { taskDocId } from './task_fields';

/** How long a superseded version is remembered, in ms (far beyond any sane refresh interval). */
const MEMORY_MS = 30_000;
/**
 * Most clauses of each kind (claims, conflicts) in the search's exclusion. One clause per claim
 * bulk meant about 1,500 at 92 tasks/s through the schedule route, and the search took 108 ms
 * (p50) to 454 ms (p99) (bench latency scenario, traced). The newest half stay exact; older ones
 * are merged (see `bounded`).
 */
const MAX_CLAUSES = 8;
/** Most ids sent in the search's exclusion, newest kept: the query stays small at any rate. */
const MAX_EXCLUDED_IDS = 5_000;
/** Most conflicts remembered (one clause each), newest kept. */
const MAX_CONFLICTS = 500;

interface Group {
  ids: string[];
  /** every version of these ids with a lower `_seq_no` is superseded */
  below: number;
  at: number;
}

/**
 * The rule is exact whatever the refresh interval: a claim bulk is written after every version
 * the search could have returned, so each version of its tasks below the bulk's lowest
 * `_seq_no` is superseded. Only versions older than one this dispatcher saw replaced are left
 * out; the current version of a task (an expired claim, a released or rescheduled task) never is.
 * That holds across leadership terms too: what was superseded stays superseded.
 */
export class StaleVersions {
  private groups: Group[] = [];
  private excludedIds = 0;
  /** claims fenced out: each id's version read is superseded (one clause each: exact) */
  private conflicts: Group[] = [];
  /** per task, the lowest version still current as far as this dispatcher knows */
  private readonly current = new Map<string, { seqNo: number; at: number }>();

  /** Tasks claimed in one bulk at these versions: what came before is superseded. */
  claimed(claims: Array<{ id: string; seqNo: number }>, now: number) {
    for (const { id, seqNo } of claims) {
      this.current.delete(id); // re-inserted last: the map stays in time order
      this.current.set(id, { seqNo, at: now });
    }
    this.add(claims, Math.min(...claims.map((claim) => claim.seqNo)), now);
  }

  /** Claims fenced out: the version read is gone (changed or deleted) by now. */
  conflicted(reads: Array<{ id: string; seqNo: number }>, now: number) {
    for (const { id, seqNo } of reads)
      this.conflicts.push({ ids: [id], below: seqNo + 1, at: now });
    this.conflicts.splice(0, this.conflicts.length - MAX_CONFLICTS);
  }

  /** A search or mget hit older than a version this dispatcher wrote or saw replaced. */
  isStale(id: string, seqNo: number): boolean {
    const known = this.current.get(id);
    return known !== undefined && seqNo < known.seqNo;
  }

  /** `must_not` clauses for the due-task search. */
  exclusion(now: number): estypes.QueryDslQueryContainer[] {
    this.prune(now);
    return [...bounded(this.groups), ...bounded(this.conflicts)].map(({ ids, below }) => ({
      bool: {
        filter: [{ ids: { values: ids.map(taskDocId) } }, { range: { _seq_no: { lt: below } } }],
      },
    }));
  }

  private add(entries: Array<{ id: string }>, below: number, now: number) {
    if (entries.length === 0) return;
    this.groups.push({ ids: entries.map(({ id }) => id), below, at: now });
    this.excludedIds += entries.length;
    this.prune(now);
  }

  private prune(now: number) {
    while (
      this.groups.length > 0 &&
      (now - this.groups[0].at > MEMORY_MS || this.excludedIds > MAX_EXCLUDED_IDS)
    ) {
      this.excludedIds -= this.groups.shift()!.ids.length;
    }
    while (this.conflicts.length > 0 && now - this.conflicts[0].at > MEMORY_MS)
      this.conflicts.shift();
    for (const [id, { at }] of this.current) {
      if (now - at <= MEMORY_MS) break; // insertion order is time order
      this.current.delete(id);
    }
  }
}

/**
 * At most MAX_CLAUSES groups: the newest half as they are (the versions a search may still show
 * until the next refresh), the older ones merged into the other half. A merged group keeps the
 * lowest of its bounds, so it never leaves out a version that is current; a superseded version
 * it lets through is dropped by `isStale` when placed, or fails its fenced claim. Groups are
 * merged across the smallest gaps between their bounds: merging a bulk of the last burst with
 * one of this burst would let every task written between them back into the search (3 times
 * the searches per task in a seeded burst).
 */
function bounded(groups: Group[]): Array<Pick<Group, 'ids' | 'below'>> {
  if (groups.length <= MAX_CLAUSES) return groups;
  const exact = MAX_CLAUSES / 2;
  const older = groups.slice(0, groups.length - exact).sort((a, b) => a.below - b.below);
  // Cut where the bounds are furthest apart: MAX_CLAUSES - exact runs of close bounds.
  const cuts = older
    .slice(1)
    .map((group, i) => ({ at: i + 1, gap: group.below - older[i].below }))
    .sort((a, b) => b.gap - a.gap)
    .slice(0, MAX_CLAUSES - exact - 1)
    .map(({ at }) => at)
    .sort((a, b) => a - b);
  const merged: Array<Pick<Group, 'ids' | 'below'>> = [];
  [0, ...cuts].forEach((from, i) => {
    const run = older.slice(from, cuts[i] ?? older.length);
    merged.push({ ids: run.flatMap(({ ids }) => ids), below: run[0].below });
  });
  return [...merged, ...groups.slice(-exact)];
}
