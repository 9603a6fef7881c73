// Follows one task's status from the browser: polls while it moves, cancels and acknowledges it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { isActionAllowed, isActiveStatus, type TaskResult } from '../../common';
import {
  toTaskPollingParams,
  type PolledTask,
  type StreamsTaskPollingParams,
  type TaskPollingArgs,
} from './to_task_polling_params';

export interface UseTaskPollingParams<TPayload = unknown> {
  /** The task to follow; a new id aborts the request in flight and starts over. */
  taskId: string | undefined;
  /**
   * The caller's last known result of the task (from a list, a schedule answer). Adopted
   * whenever its status changes; when absent the hook asks the server at once.
   */
  task?: TaskResult<TPayload>;
  /** Fetches the task's current result; must honour `signal`, aborted on unmount or task change. */
  onPoll: (signal: AbortSignal) => Promise<TaskResult<TPayload>>;
  /** Asks the server to cancel; its answer (`being_canceled` or `canceled`) is adopted when given. */
  onCancel?: () => Promise<TaskResult<TPayload> | void>;
  /** Acknowledges a completed task; its answer is adopted when given. */
  onAcknowledge?: () => Promise<TaskResult<TPayload> | void>;
  /** Called once when a followed task reaches a final status: the place to refresh lists. */
  onFinished?: (task: TaskResult<TPayload>) => void | Promise<unknown>;
  /** Pause between polls, in ms. @defaultValue 2000 */
  pollIntervalMs?: number;
  /**
   * Longest pause after failed polls, in ms: each consecutive failure doubles the pause from
   * `pollIntervalMs` up to this bound, so an unreachable server is not hammered.
   * @defaultValue 30000
   */
  maxBackoffMs?: number;
}

export interface UseTaskPollingResult<TPayload = unknown> {
  /** The latest known result; undefined until the first answer when none was given. */
  task: TaskResult<TPayload> | undefined;
  /** The last failure of a poll or an action; cleared by the next success. */
  error: Error | undefined;
  /** A poll chain is running (the task is unknown, in progress or being canceled). */
  isPolling: boolean;
  /** Requests cancellation; shows as cancelling at once (optimistic), reverts if refused. */
  cancelTask: () => Promise<void>;
  /** Cancellation was requested here or the server reports `being_canceled`. */
  isCancellingTask: boolean;
  /** Acknowledges a completed task. */
  acknowledgeTask: () => Promise<void>;
  isAcknowledgingTask: boolean;
}

interface PollingState<TPayload> {
  taskId: string | undefined;
  /** The caller's `task` this state was last synchronised from. */
  given: TaskResult<TPayload> | undefined;
  task: TaskResult<TPayload> | undefined;
  error: Error | undefined;
  cancelRequested: boolean;
  acknowledging: boolean;
  /** The server answered 404 for the task: polling stopped until the task id changes. */
  notFound: boolean;
}

const DEFAULT_POLL_INTERVAL_MS = 2000;
const DEFAULT_MAX_BACKOFF_MS = 30_000;

/**
 * Follows one task. Also takes Streams' signatures unchanged, v2
 * `({ task, onPoll, onRefresh, onCancel, pollIntervalMs })` and v1 `(task, poll, refresh)`,
 * answering the same keys (Streams reads `cancelTask` and `isCancellingTask`).
 */
export function useTaskPolling<TPayload = unknown>(
  params: UseTaskPollingParams<TPayload>
): UseTaskPollingResult<TPayload>;
export function useTaskPolling(params: StreamsTaskPollingParams): UseTaskPollingResult;
export function useTaskPolling(
  task: PolledTask | undefined,
  poll: () => Promise<PolledTask>,
  refresh: () => void
): UseTaskPollingResult;
export function useTaskPolling<TPayload = unknown>(
  ...args: TaskPollingArgs<TPayload>
): UseTaskPollingResult<TPayload> {
  return useTaskPollingChain(toTaskPollingParams(args));
}

function useTaskPollingChain<TPayload>({
  taskId,
  task: givenTask,
  onPoll,
  onCancel,
  onAcknowledge,
  onFinished,
  pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
  maxBackoffMs = DEFAULT_MAX_BACKOFF_MS,
}: UseTaskPollingParams<TPayload>): UseTaskPollingResult<TPayload> {
  const [state, setState] = useState<PollingState<TPayload>>(() => initialState(taskId, givenTask));

  // A new task, or news about it from the caller, replaces what the hook knew (React's
  // "adjust state while rendering" pattern: no extra render with the old task shown).
  let current = state;
  if (state.taskId !== taskId || state.given?.status !== givenTask?.status) {
    current =
      state.taskId !== taskId
        ? initialState(taskId, givenTask)
        : {
            ...state,
            given: givenTask,
            task: givenTask,
            notFound: false,
            ...afterStatus(state, givenTask),
          };
    setState(current);
  }

  // Callbacks live in refs so callers may pass inline functions without restarting the chain.
  const callbacks = useRef({ onPoll, onCancel, onAcknowledge, onFinished });
  callbacks.current = { onPoll, onCancel, onAcknowledge, onFinished };
  const taskIdRef = useRef(taskId);
  taskIdRef.current = taskId;
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // Whether the last status adopted for this task was a moving one: a finish is a move from
  // moving to final, reported once (a task first seen final did not finish while watched).
  const wasActive = useRef(isActiveStatus(givenTask?.status));
  useEffect(() => {
    wasActive.current = isActiveStatus(givenTask?.status);
  }, [taskId, givenTask?.status]);

  /** Applies a result for `forTaskId` unless the hook moved on or unmounted. */
  const adopt = useCallback((forTaskId: string | undefined, next: TaskResult<TPayload>) => {
    if (!mounted.current || taskIdRef.current !== forTaskId) return;
    setState((s) => ({
      ...s,
      task: next,
      error: undefined,
      notFound: false,
      ...afterStatus(s, next),
    }));
    const finished = wasActive.current && !isActiveStatus(next.status);
    wasActive.current = isActiveStatus(next.status);
    const onFinishedNow = callbacks.current.onFinished;
    if (!finished || !onFinishedNow) return;
    Promise.resolve()
      .then(() => onFinishedNow(next))
      .catch((error: unknown) => {
        if (mounted.current) setState((s) => ({ ...s, error: toError(error) }));
      });
  }, []);

  const status = current.task?.status;
  const shouldPoll =
    taskId !== undefined && !current.notFound && (status === undefined || isActiveStatus(status));

  useEffect(() => {
    if (!shouldPoll) return;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failures = 0;

    const poll = async () => {
      timer = undefined;
      let next: TaskResult<TPayload>;
      try {
        next = await callbacks.current.onPoll(controller.signal);
      } catch (error) {
        if (controller.signal.aborted) return;
        failures += 1;
        // A task the server does not know (the generic route's 404) will not appear by waiting.
        const notFound = isNotFound(error);
        setState((s) => ({ ...s, error: toError(error), notFound }));
        if (!notFound) schedule(Math.min(pollIntervalMs * 2 ** failures, maxBackoffMs));
        return;
      }
      // Unmounted or moved to another task while the request was out: drop the answer.
      if (controller.signal.aborted) return;
      failures = 0;
      adopt(taskId, next);
      if (isActiveStatus(next.status)) schedule(pollIntervalMs);
    };

    // One timeout at a time, set only after the previous request settled: never two in flight.
    const schedule = (delayMs: number) => {
      timer = setTimeout(poll, delayMs);
    };

    // An unknown task is asked about at once; a moving one after the usual pause.
    schedule(status === undefined ? 0 : pollIntervalMs);
    return () => {
      controller.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
    // `status` only picks the first delay: the chain follows the answers, not re-renders.
  }, [taskId, shouldPoll, pollIntervalMs, maxBackoffMs, adopt]);

  const cancelTask = useCallback(async () => {
    const onCancelNow = callbacks.current.onCancel;
    const forTaskId = taskIdRef.current;
    if (!onCancelNow || current.cancelRequested || !isActionAllowed(status, 'cancel')) return;
    setState((s) => ({ ...s, cancelRequested: true }));
    try {
      const answer = await onCancelNow();
      if (answer) adopt(forTaskId, answer);
    } catch (error) {
      if (!mounted.current || taskIdRef.current !== forTaskId) return;
      setState((s) => ({ ...s, cancelRequested: false, error: toError(error) }));
    }
  }, [adopt, current.cancelRequested, status]);

  const acknowledgeTask = useCallback(async () => {
    const onAcknowledgeNow = callbacks.current.onAcknowledge;
    const forTaskId = taskIdRef.current;
    if (!onAcknowledgeNow || current.acknowledging || !isActionAllowed(status, 'acknowledge')) {
      return;
    }
    setState((s) => ({ ...s, acknowledging: true }));
    try {
      const answer = await onAcknowledgeNow();
      if (answer) adopt(forTaskId, answer);
    } catch (error) {
      if (!mounted.current || taskIdRef.current !== forTaskId) return;
      setState((s) => ({ ...s, error: toError(error) }));
    } finally {
      if (mounted.current && taskIdRef.current === forTaskId) {
        setState((s) => ({ ...s, acknowledging: false }));
      }
    }
  }, [adopt, current.acknowledging, status]);

  return {
    task: current.task,
    error: current.error,
    isPolling: shouldPoll,
    cancelTask,
    isCancellingTask: status === 'being_canceled' || current.cancelRequested,
    acknowledgeTask,
    isAcknowledgingTask: current.acknowledging,
  };
}

function initialState<TPayload>(
  taskId: string | undefined,
  task: TaskResult<TPayload> | undefined
): PollingState<TPayload> {
  return {
    taskId,
    given: task,
    task,
    error: undefined,
    cancelRequested: false,
    acknowledging: false,
    notFound: false,
  };
}

/**
 * An optimistic cancel ends when the task stops moving (or was never moving): moving is
 * active, or still cancellable (a `stale` run is not active, but a cancel still applies).
 */
function afterStatus<TPayload>(
  state: PollingState<TPayload>,
  next: TaskResult<TPayload> | undefined
): Pick<PollingState<TPayload>, 'cancelRequested'> {
  const stillMoving =
    next !== undefined && (isActiveStatus(next.status) || isActionAllowed(next.status, 'cancel'));
  return { cancelRequested: state.cancelRequested && stillMoving };
}

/** A 404 from Kibana's http (`HttpFetchError` carries the response and the body). */
function isNotFound(error: unknown): boolean {
  const { response, body } = (error ?? {}) as {
    response?: { status?: number };
    body?: { statusCode?: number };
  };
  return response?.status === 404 || body?.statusCode === 404;
}

/** Normalises whatever was thrown into an Error with a message. */
function toError(error: unknown): Error {
  if (error instanceof Error) return error;
  return new Error(typeof error === 'string' ? error : JSON.stringify(error));
}
