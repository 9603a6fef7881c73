// The query `TaskClient.list` searches the tracking index with: one space, a type, statuses.
import type { estypes } from '@elastic/elasticsearch';
import { BackgroundTaskStatus as S, staleQuery } from '../../common';

/** A status tasks can be listed by. */
export type ListableStatus = Exclude<S, typeof S.NotStarted>;

export interface ListOptions {
  /** must be the client's space: a client never lists another space's tasks */
  space?: string;
  type?: string;
  /**
   * One status or several (any of them). `stale` and `in_progress` are told apart by the
   * progress signal, as in `getStatus`.
   */
  status?: ListableStatus | ListableStatus[];
  /** 1-based. @defaultValue 1 */
  page?: number;
  /** @defaultValue 20 */
  perPage?: number;
}

export function listQuery(
  space: string,
  options: ListOptions,
  staleThresholdMs: number
): estypes.QueryDslQueryContainer {
  const filter: estypes.QueryDslQueryContainer[] = [{ term: { space } }];
  if (options.type) filter.push({ term: { type: options.type } });
  const statuses = options.status === undefined ? [] : [options.status].flat();
  if (statuses.length > 0) filter.push(statusQuery(new Set(statuses), staleThresholdMs));
  return { bool: { filter } };
}

/** Any of `statuses`; `stale` is computed (see `isStale`, `staleQuery`), so it and `in_progress` split one stored status. */
function statusQuery(
  statuses: Set<ListableStatus>,
  staleThresholdMs: number
): estypes.QueryDslQueryContainer {
  const should: estypes.QueryDslQueryContainer[] = [];
  const stored = [...statuses].filter((s) => s !== S.Stale && s !== S.InProgress);
  if (stored.length > 0) should.push({ terms: { status: stored } });
  const inProgress = { term: { status: S.InProgress } };
  const stale = staleQuery(Date.now(), staleThresholdMs);
  if (statuses.has(S.InProgress) && statuses.has(S.Stale)) should.push(inProgress);
  else if (statuses.has(S.Stale)) should.push(stale);
  else if (statuses.has(S.InProgress)) {
    should.push({ bool: { filter: [inProgress], must_not: [stale] } });
  }
  return { bool: { should, minimum_should_match: 1 } };
}
