// Reads useTaskPolling's arguments in any of its three forms: its own, and Streams' v1 and v2.
import type { BackgroundTaskStatus, TaskResult } from '../../common';
import type { UseTaskPollingParams } from './use_task_polling';

/** A task as Streams' hooks see it: a status, and whatever its route answered beside it. */
export interface PolledTask {
  status: BackgroundTaskStatus;
}

/**
 * Streams' v2 parameters. Kibana:
 * x-pack/platform/plugins/shared/streams_app/public/hooks/use_task_polling.ts
 */
export interface StreamsTaskPollingParams {
  /** the caller's task; polled only while `in_progress` or `being_canceled` */
  task: PolledTask | undefined;
  onPoll: () => Promise<PolledTask>;
  /** called when a poll finds the task stopped, and after a cancel: the caller re-reads `task` */
  onRefresh: () => void | Promise<unknown>;
  onCancel?: () => Promise<unknown>;
  /** Pause between polls, in ms. @defaultValue 2000 */
  pollIntervalMs?: number;
}

/** Streams' v1 arguments: `(task, poll, refresh)`. */
export type StreamsTaskPollingArgs = [
  task: PolledTask | undefined,
  poll: () => Promise<PolledTask>,
  refresh: () => void,
];

export type TaskPollingArgs<TPayload> =
  | [params: UseTaskPollingParams<TPayload>]
  | [params: StreamsTaskPollingParams]
  | StreamsTaskPollingArgs;

/**
 * The task id a Streams caller's task is followed under: Streams' hooks follow one task per
 * hook and know no id; without a task they poll nothing, and neither does this hook.
 */
const STREAMS_TASK_KEY = 'task';

/**
 * Our own parameters from any form. Streams' forms are told apart by shape: v1 passes a
 * function second, v2 an object without `taskId` (ours always names it, even undefined). A
 * Streams caller's `onRefresh` runs where ours reports a finish, and after a cancel in place
 * of adopting its answer (Streams' `onCancel` may resolve to anything).
 */
export function toTaskPollingParams<TPayload>(
  args: TaskPollingArgs<TPayload>
): UseTaskPollingParams<TPayload> {
  if (args.length === 1 && 'taskId' in args[0]) return args[0];
  const streams: StreamsTaskPollingParams =
    args.length === 1
      ? (args[0] as StreamsTaskPollingParams)
      : { task: args[0], onPoll: args[1], onRefresh: args[2] };
  const { task, onPoll, onRefresh, onCancel, pollIntervalMs } = streams;
  return {
    taskId: task ? STREAMS_TASK_KEY : undefined,
    task: task as TaskResult<TPayload> | undefined,
    onPoll: async () => (await onPoll()) as TaskResult<TPayload>,
    onFinished: () => onRefresh(),
    onCancel: onCancel
      ? async () => {
          await onCancel();
          await onRefresh();
        }
      : undefined,
    ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
  };
}
