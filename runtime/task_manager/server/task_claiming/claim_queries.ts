// The searches for claimable tasks: due idle tasks and lapsed claims, by priority then due time.
import type { estypes } from '@elastic/elasticsearch';
import { TaskPriority } from '@kbn/task-manager-plugin/server';
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server/task';
import type { SearchOpts } from '@kbn/task-manager-plugin/server/task_store';
import type { TaskTypeDictionary } from '../task_type_dictionary';

/** Claim searches leave out the potentially large params and state; the claim reads them. */
export type ClaimSearch = SearchOpts & { _source?: estypes.SearchSourceConfig };

const SLIM_SOURCE = ['task.params', 'task.state'];

function claimableOfTypes(types: string[]): estypes.QueryDslQueryContainer[] {
  return [{ term: { 'task.enabled': true } }, { terms: { 'task.taskType': types } }];
}

/** Idle tasks whose `runAt` has come (by `now`: a date or Elasticsearch's `now`), oldest first. */
function idleDue(types: string[], size: number, now: string): ClaimSearch {
  return {
    query: {
      bool: {
        filter: [
          ...claimableOfTypes(types),
          { term: { 'task.status': 'idle' } },
          { range: { 'task.runAt': { lte: now } } },
        ],
      },
    },
    sort: [{ 'task.runAt': { order: 'asc' } }],
    size,
    seq_no_primary_term: true,
    _source: { excludes: SLIM_SOURCE },
  };
}

/** Running or claiming tasks whose claim lapsed (`retryAt` passed `now`), oldest first. */
function lapsedClaims(types: string[], size: number, now: string): ClaimSearch {
  return {
    query: {
      bool: {
        filter: [
          ...claimableOfTypes(types),
          { terms: { 'task.status': ['running', 'claiming'] } },
          { range: { 'task.retryAt': { lte: now } } },
        ],
      },
    },
    sort: [{ 'task.retryAt': { order: 'asc' } }],
    size,
    seq_no_primary_term: true,
    _source: { excludes: SLIM_SOURCE },
  };
}

/**
 * Searches returning the `size` most urgent claimable tasks of `types`. Kibana sorts one search
 * with painless scripts (type priority desc, then `retryAt ?? runAt` asc); Elasticsearch here
 * has no scripting, so each priority class and each kind (due / lapsed) gets its own search of
 * `size` hits and {@link claimSort} merges them: the same top `size` tasks. Due means by
 * Elasticsearch's clock (`now`), as in Kibana, unless `searchAt` is given (tests moving time).
 */
export function buildClaimSearches(
  definitions: TaskTypeDictionary,
  types: string[],
  size: number,
  searchAt?: Date
): ClaimSearch[] {
  const now = searchAt?.toISOString() ?? 'now';
  const byPriority = new Map<number, string[]>();
  for (const type of types) {
    const priority = definitions.get(type)?.priority ?? TaskPriority.Normal;
    byPriority.set(priority, [...(byPriority.get(priority) ?? []), type]);
  }
  return [...byPriority.entries()]
    .sort(([a], [b]) => b - a)
    .flatMap(([, group]) => [idleDue(group, size, now), lapsedClaims(group, size, now)]);
}

/** Tasks by type priority (desc), then by when they became due (`retryAt ?? runAt`, asc). */
export function claimSort(
  definitions: TaskTypeDictionary,
  tasks: ConcreteTaskInstance[]
): ConcreteTaskInstance[] {
  const priorityOf = (task: ConcreteTaskInstance) =>
    definitions.get(task.taskType)?.priority ?? TaskPriority.Normal;
  const dueOf = (task: ConcreteTaskInstance) => (task.retryAt ?? task.runAt).getTime();
  return [...tasks].sort((a, b) => priorityOf(b) - priorityOf(a) || dueOf(a) - dueOf(b));
}
