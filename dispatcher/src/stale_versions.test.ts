import type { estypes } from '@elastic/elasticsearch';
import { StaleVersions } from './stale_versions';

interface ExclusionClause {
  bool: { filter: [{ ids: { values: string[] } }, { range: { _seq_no: { lt: number } } }] };
}

/** Whether the search leaves out this version of a task, evaluating the clauses as Elasticsearch does. */
function excluded(clauses: estypes.QueryDslQueryContainer[], id: string, seqNo: number): boolean {
  return (clauses as unknown as ExclusionClause[]).some(({ bool: { filter } }) => {
    const [ids, range] = filter;
    return ids.ids.values.includes(`task:${id}`) && seqNo < range.range._seq_no.lt;
  });
}

describe('StaleVersions', () => {
  const t0 = 1_000_000;

  it('leaves out the versions a claim bulk superseded, never a current one', () => {
    const stale = new StaleVersions();
    // One bulk claimed a (seq_no 40) and b (41); c was not claimed.
    stale.claimed(
      [
        { id: 'a', seqNo: 40 },
        { id: 'b', seqNo: 41 },
      ],
      t0
    );
    const clauses = stale.exclusion(t0);
    expect(excluded(clauses, 'a', 12)).toBe(true); // the idle version the search still shows
    expect(excluded(clauses, 'b', 39)).toBe(true);
    // The claim itself stays visible: past its retryAt it must be re-dispatched.
    expect(excluded(clauses, 'a', 40)).toBe(false);
    expect(excluded(clauses, 'b', 41)).toBe(false);
    // A recurring task finished and rescheduled (a newer version) is due again when due.
    expect(excluded(clauses, 'a', 57)).toBe(false);
    expect(excluded(clauses, 'c', 3)).toBe(false);
    expect(stale.isStale('a', 12)).toBe(true);
    expect(stale.isStale('a', 40)).toBe(false);
    expect(stale.isStale('c', 3)).toBe(false);
  });

  it('leaves out each version a conflicting claim read, not what replaced it', () => {
    const stale = new StaleVersions();
    stale.conflicted(
      [
        { id: 'gone', seqNo: 7 },
        { id: 'changed', seqNo: 3 },
      ],
      t0
    );
    const clauses = stale.exclusion(t0);
    expect(excluded(clauses, 'gone', 7)).toBe(true);
    expect(excluded(clauses, 'changed', 3)).toBe(true);
    expect(excluded(clauses, 'changed', 4)).toBe(false);
    expect(excluded(clauses, 'gone', 8)).toBe(false);
  });

  it('forgets after 30 s and keeps the exclusion bounded, oldest first', () => {
    const stale = new StaleVersions();
    stale.claimed([{ id: 'old', seqNo: 5 }], t0);
    expect(stale.exclusion(t0 + 30_000)).toHaveLength(1);
    expect(stale.exclusion(t0 + 30_001)).toEqual([]);
    expect(stale.isStale('old', 1)).toBe(false);

    stale.claimed([{ id: 'first', seqNo: 10 }], t0);
    const many = Array.from({ length: 5_000 }, (_, i) => ({ id: `t${i}`, seqNo: 100 + i }));
    stale.claimed(many, t0);
    const clauses = stale.exclusion(t0);
    expect(clauses).toHaveLength(1);
    expect(excluded(clauses, 'first', 1)).toBe(false);
    expect(excluded(clauses, 't0', 99)).toBe(true);
  });

  it('keeps the exclusion to a few clauses, never leaving out a current version', () => {
    const stale = new StaleVersions();
    // 300 bulks of one claim each, as notified tasks are claimed; each task's stale version
    // is just below its claim, and later bulks have higher versions.
    const claims = Array.from({ length: 300 }, (_, i) => ({ id: `n${i}`, seqNo: 1000 + 10 * i }));
    for (const claim of claims) stale.claimed([claim], t0);
    stale.conflicted([{ id: 'c0', seqNo: 5 }], t0);
    for (let i = 1; i < 100; i++) stale.conflicted([{ id: `c${i}`, seqNo: 5 + i }], t0);
    const clauses = stale.exclusion(t0);
    expect(clauses.length).toBeLessThanOrEqual(16);
    for (const { id, seqNo } of claims) {
      expect(excluded(clauses, id, seqNo)).toBe(false); // the claim: current
      expect(excluded(clauses, id, seqNo + 5)).toBe(false); // a newer version
      expect(excluded(clauses, id, 999)).toBe(true); // written before every claim
      expect(stale.isStale(id, seqNo - 1)).toBe(true); // what a merged clause lets through
    }
    // The newest bulks stay exact: their version just before the claim is left out.
    for (const { id, seqNo } of claims.slice(-4))
      expect(excluded(clauses, id, seqNo - 1)).toBe(true);
    for (let i = 0; i < 100; i++) expect(excluded(clauses, `c${i}`, 5 + i + 1)).toBe(false);
    expect(excluded(clauses, 'c99', 104)).toBe(true);
  });

  it('merges bulks of close versions, not a burst with the one before it', () => {
    const stale = new StaleVersions();
    // An earlier burst claimed around version 100; 2,000 tasks were written after it, then
    // this burst claimed around version 5,000.
    for (let i = 0; i < 20; i++) stale.claimed([{ id: `old${i}`, seqNo: 100 + i }], t0);
    for (let i = 0; i < 20; i++) stale.claimed([{ id: `new${i}`, seqNo: 5000 + i }], t0);
    const clauses = stale.exclusion(t0);
    expect(clauses.length).toBeLessThanOrEqual(8);
    // The version each task of this burst had when written (after the earlier burst's claims)
    // is still left out, though its bulk was merged.
    for (let i = 0; i < 20; i++) expect(excluded(clauses, `new${i}`, 2500)).toBe(true);
    for (let i = 0; i < 20; i++) expect(excluded(clauses, `new${i}`, 5000 + i)).toBe(false);
  });

  it('sends nothing for an empty bulk', () => {
    const stale = new StaleVersions();
    stale.claimed([], t0);
    stale.conflicted([], t0);
    expect(stale.exclusion(t0)).toEqual([]);
  });
});
