// One claim cycle of Kibana's mget strategy: search, check versions, fit capacity, claim fenced.
import { TaskCost } from '@kbn/task-manager-plugin/server';
import type { Logger } from '@kbn/core/server';
import type { ConcreteTaskInstance, TaskDefinition } from '@kbn/task-manager-plugin/server/task';
import {
  claimWrite,
  expireWrite,
  fenceOfVersion,
  isLapsedClaim,
  isOutOfAttempts,
  maxAttemptsOf,
} from '../../../../common/task_lifecycle';
import type { TaskWrite } from '../../../../common/task_lifecycle';
import { taskDocumentId } from '../../../../common/task_document';
import type { TaskStore } from '../task_store';
import type { TaskTypeDictionary } from '../task_type_dictionary';
import { buildClaimSearches, claimSort } from './claim_queries';
import type { ClaimSearch } from './claim_queries';

/** Search for this many times the tasks that fit, since some will be stale or lost to others. */
const SIZE_MULTIPLIER_FOR_TASK_FETCH = 4;

export interface ClaimOptions {
  store: TaskStore;
  definitions: TaskTypeDictionary;
  /** task types this node claims (registered, not excluded) */
  types: string[];
  /** this node's server uuid; its claims write `ownerId: kibana:<uuid>` */
  nodeUuid: string;
  /** max attempts of a type that sets none */
  defaultMaxAttempts: number;
  /** ms, for the next run of an expired recurring task (see `expireWrite`) */
  pollInterval: number;
  /** @defaultValue the time of the claim */
  now?: Date;
  /**
   * The time the searches find due tasks at, for tests that move the clock (a DST night).
   * @defaultValue Elasticsearch's `now`, as Kibana
   */
  searchAt?: Date;
  /** free capacity in cost units, overall or left for a type with maxConcurrency */
  getCapacity: (definition?: TaskDefinition) => number;
  logger: Logger;
}

export interface ClaimStats {
  claimed: number;
  stale: number;
  conflicts: number;
  missing: number;
  leftUnclaimed: number;
  /** lapsed claims out of attempts, settled instead of claimed */
  expired: number;
  errors: number;
}

export interface ClaimResult {
  /** the claimed tasks, full documents, with the version their claim wrote */
  docs: ConcreteTaskInstance[];
  stats: ClaimStats;
}

function costOf(task: ConcreteTaskInstance, definitions: TaskTypeDictionary): number {
  return definitions.get(task.taskType)?.cost ?? TaskCost.Normal;
}

function buildSearches(opts: ClaimOptions, capacity: number): ClaimSearch[] {
  const { definitions, types, getCapacity } = opts;
  const unlimited = types.filter((type) => definitions.get(type)?.maxConcurrency == null);
  const searches = buildClaimSearches(
    definitions,
    unlimited,
    capacity * TaskCost.Tiny * SIZE_MULTIPLIER_FOR_TASK_FETCH,
    opts.searchAt
  );
  for (const type of types) {
    const definition = definitions.get(type);
    if (definition?.maxConcurrency == null) continue;
    const slots = Math.floor(getCapacity(definition) / definition.cost);
    if (slots > 0) {
      searches.push(
        ...buildClaimSearches(
          definitions,
          [type],
          slots * SIZE_MULTIPLIER_FOR_TASK_FETCH,
          opts.searchAt
        )
      );
    }
  }
  return searches;
}

/** The tasks that fit in each limited type's remaining budget (maxConcurrency × cost). */
function selectByTypeBudget(
  opts: ClaimOptions,
  tasks: ConcreteTaskInstance[]
): ConcreteTaskInstance[] {
  const budgets = new Map<string, number>();
  return tasks.filter((task) => {
    const definition = opts.definitions.get(task.taskType);
    if (definition?.maxConcurrency == null) return true;
    const left = budgets.get(task.taskType) ?? opts.getCapacity(definition);
    const cost = costOf(task, opts.definitions);
    if (left < cost) return false;
    budgets.set(task.taskType, left - cost);
    return true;
  });
}

/** A lapsed claim with no attempts left: it is expired instead of claimed again. */
function isExhausted(task: ConcreteTaskInstance, opts: ClaimOptions, now: Date): boolean {
  const maxAttempts = maxAttemptsOf(opts.definitions.get(task.taskType), opts.defaultMaxAttempts);
  return isLapsedClaim(task, now) && isOutOfAttempts(task, maxAttempts);
}

/**
 * Finds due tasks and claims as many as this node has capacity for, each with a bulk update
 * fenced by the version the search saw; a task another node claimed first is skipped.
 */
export async function claimAvailableTasks(opts: ClaimOptions): Promise<ClaimResult> {
  const { store, definitions, nodeUuid, pollInterval, logger } = opts;
  const stats: ClaimStats = {
    claimed: 0,
    stale: 0,
    conflicts: 0,
    missing: 0,
    leftUnclaimed: 0,
    expired: 0,
    errors: 0,
  };
  const capacity = opts.getCapacity();
  if (capacity <= 0 || opts.types.length === 0) return { docs: [], stats };

  const { docs, versionMap } = await store.msearch(buildSearches(opts, capacity));
  if (docs.length === 0) return { docs: [], stats };

  // the search may lag behind (refresh interval): keep only tasks unchanged since it
  const latest = await store.getDocVersions(docs.map((doc) => taskDocumentId(doc.id)));
  const now = opts.now ?? new Date();
  const current: ConcreteTaskInstance[] = [];
  const expiries: TaskWrite[] = [];
  for (const doc of claimSort(definitions, docs)) {
    const seen = versionMap.get(doc.id);
    const latestVersion = latest.get(taskDocumentId(doc.id));
    if (!seen || !latestVersion || latestVersion.error) stats.missing++;
    else if (seen.seqNo !== latestVersion.seqNo || seen.primaryTerm !== latestVersion.primaryTerm) {
      stats.stale++;
    } else if (isExhausted(doc, opts, now)) {
      expiries.push(expireWrite(doc, { fence: fenceOfVersion(doc.version!), pollInterval, now }));
    } else {
      current.push(doc);
    }
  }

  const toClaim: ConcreteTaskInstance[] = [];
  let used = 0;
  for (const task of selectByTypeBudget(opts, current)) {
    const cost = costOf(task, definitions);
    if (used + cost <= capacity) {
      toClaim.push(task);
      used += cost;
    } else {
      // stop at the first task that does not fit, so an expensive task is not starved
      stats.leftUnclaimed++;
      used = capacity;
    }
  }
  if (toClaim.length === 0 && expiries.length === 0) return { docs: [], stats };

  const claims = toClaim.map((task) =>
    claimWrite(task, {
      nodeUuid,
      fence: fenceOfVersion(task.version!),
      definition: definitions.get(task.taskType),
      now,
    })
  );
  const results = await store.bulkWrite([...claims, ...expiries]);
  const claimedVersions = new Map<string, string>();
  for (const [i, result] of results.entries()) {
    if (result.ok && i >= claims.length) stats.expired++;
    else if (result.ok) claimedVersions.set(result.id, result.version);
    else if (result.status === 409) stats.conflicts++;
    else {
      stats.errors++;
      logger.error(`Error updating task ${result.id} during claim: ${result.error}`);
    }
  }

  // read the full documents (params, state) of what was claimed
  const ids = [...claimedVersions.keys()];
  if (ids.length === 0) return { docs: [], stats };
  const full = await store.bulkGet(ids);
  const claimed: ConcreteTaskInstance[] = [];
  full.forEach((task, i) => {
    if (!task) {
      stats.errors++;
    } else if (task.version !== claimedVersions.get(ids[i])) {
      logger.warn(`Task ${task.id} was modified during the claiming phase, skipping it this cycle`);
      stats.conflicts++;
    } else {
      claimed.push(task);
    }
  });
  stats.claimed = claimed.length;
  logger.debug(
    `task claimer claimed: ${stats.claimed}; stale: ${stats.stale}; conflicts: ${stats.conflicts}; missing: ${stats.missing}; capacity reached: ${stats.leftUnclaimed}; expired: ${stats.expired}; errors: ${stats.errors}`
  );
  return { docs: claimed, stats };
}
