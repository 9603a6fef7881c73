// A task as the page shows it: from the list route, or just scheduled from this page.
import type { TaskResult } from '../../../common';

export interface PageTask {
  id: string;
  type: string;
  result: TaskResult;
  /** The cron schedule and its zone, e.g. `@daily (UTC)`, when it recurs on one. */
  cron?: string;
  /** ISO 8601 time of the last change, when known. */
  updatedAt?: string;
}
