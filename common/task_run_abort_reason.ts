// Why a task run was aborted: the one `AbortSignal.reason` every part aborts a run with.

/**
 * - `shutdown`: the node is stopping; not the task's fault, its claim is given back and the task
 *   runs again (no failure is recorded);
 * - `timeout`: the run outlived its type's timeout; a failure of the attempt;
 * - `canceled`: a user asked to cancel the task; it ends `canceled`.
 */
export type TaskRunAbortKind = 'shutdown' | 'timeout' | 'canceled';

const NAME = 'TaskRunAbortReason';

/**
 * An Error, so a runner that rethrows `signal.reason` (or calls `signal.throwIfAborted()`) throws
 * something with a message and a stack. Tell kinds apart with {@link isTaskRunAbortReason}.
 */
export class TaskRunAbortReason extends Error {
  public readonly kind: TaskRunAbortKind;

  constructor(kind: TaskRunAbortKind, message: string) {
    super(message);
    this.name = NAME;
    this.kind = kind;
  }

  public static shutdown(): TaskRunAbortReason {
    return new TaskRunAbortReason('shutdown', 'The node is shutting down');
  }

  /** @param timeout - the type's timeout as written in its definition, e.g. '5m' */
  public static timeout(taskLabel: string, timeout: string): TaskRunAbortReason {
    return new TaskRunAbortReason('timeout', `Task ${taskLabel} timed out after ${timeout}`);
  }

  public static canceled(): TaskRunAbortReason {
    return new TaskRunAbortReason('canceled', 'The task was canceled');
  }
}

/**
 * Whether `value` is an abort reason (of `kind`, when given). Checked by name and kind as well as
 * `instanceof`, so a reason made by another copy of this module (a second bundle) still counts.
 */
export function isTaskRunAbortReason(
  value: unknown,
  kind?: TaskRunAbortKind
): value is TaskRunAbortReason {
  const candidate = value as Partial<TaskRunAbortReason> | null | undefined;
  const isReason =
    value instanceof TaskRunAbortReason ||
    (candidate?.name === NAME && typeof candidate.kind === 'string');
  return isReason && (kind === undefined || candidate!.kind === kind);
}
