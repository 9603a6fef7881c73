// What listing tasks answers: tracking documents with their computed status, one page at a time.
import type { BackgroundTaskStatus } from './tracking/background_task_status';
import type { TrackingDocument } from './tracking/tracking_document';

/** A listed task: its tracking document, with `status` as read (so possibly `stale`). */
export type TaskListItem = Omit<TrackingDocument, 'status'> & {
  status: Exclude<BackgroundTaskStatus, typeof BackgroundTaskStatus.NotStarted>;
};

export interface TaskListResponse {
  tasks: TaskListItem[];
  /** how many tasks match, over all pages */
  total: number;
  /** 1-based */
  page: number;
  perPage: number;
}
