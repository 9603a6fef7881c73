// The answer of `GET /internal/background_tasks/_health`: whether push execution keeps up.
// Kibana: x-pack/platform/plugins/shared/task_manager/server/routes/health.ts (its spirit, not its shape)
import { API_BASE_PATH } from '../constants';

/** The health route. */
export const HEALTH_API_PATH = `${API_BASE_PATH}/_health`;

/** Worst last, as Task Manager's `HealthStatus`. */
export const HEALTH_STATUSES = ['OK', 'warn', 'error'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** A Kibana node that heartbeats into the nodes index and was seen recently enough. */
export interface HealthNode {
  id: string;
  push_url: string;
  /** cost units it runs at once */
  capacity: number;
  /** cost units of the tasks claimed for it now (running or being claimed) */
  load: number;
  /** tasks claimed for it now */
  running: number;
  /** ISO date of its last heartbeat */
  last_seen: string;
}

/** The dispatcher leader as its lease document says; null when no dispatcher ever wrote one. */
export interface HealthLeader {
  /** the holding dispatcher's id */
  holder: string;
  /** grows by one on every takeover */
  term: number;
  /** ISO date after which another dispatcher may take the lease */
  expires_at: string;
  /** whether the lease is still running (`expires_at` after `last_update`) */
  valid: boolean;
}

/** Tasks whose `runAt` passed and that no one has claimed. */
export interface HealthDue {
  count: number;
  /** how late the oldest one is, in ms (0 when none) */
  drift_ms: number;
  /** ISO `runAt` of the oldest one */
  oldest_run_at?: string;
}

/** Task documents of one type, as they stand. */
export interface HealthTaskType {
  /** task documents of the type (one per scheduled task) */
  total: number;
  /** claimed now (running or being claimed) */
  running: number;
  due: HealthDue;
  /** one-shot tasks that used up their attempts (status `failed`, kept until deleted) */
  failed: number;
  /** tasks that failed at least once and wait for, or run, a retry */
  retrying: number;
}

/** Finished runs per type in the recent window, from the tracking documents. */
export interface HealthRuns {
  /** the window, in ms */
  window_ms: number;
  /** tasks whose last run completed within the window */
  completed: number;
  /** tasks whose last run failed within the window */
  failed: number;
  /** (completed + failed) per minute over the window */
  per_minute: number;
  /** failed / (completed + failed); null with no run in the window */
  failure_ratio: number | null;
}

export interface BackgroundTasksHealth {
  status: HealthStatus;
  /** every rule that fired, worst first; absent when OK */
  reason?: string;
  /** ISO date the report was computed at */
  last_update: string;
  /**
   * whether push execution is in use (this node runs pushed tasks, a leader lease exists or a
   * node heartbeats): only then do the node and leader rules apply
   */
  push: boolean;
  nodes: {
    live: number;
    /** cost units, all live nodes */
    capacity: number;
    /** cost units in use, all live nodes */
    load: number;
    list: HealthNode[];
  };
  leader: HealthLeader | null;
  /** due-but-not-started tasks, all types */
  due: HealthDue;
  /** finished runs in the window, all types */
  runs: HealthRuns;
  /** per task type: its task documents and its runs */
  task_types: Record<string, HealthTaskType & { runs: HealthRuns }>;
}
