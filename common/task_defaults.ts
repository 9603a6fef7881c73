// Defaults of a background task type's settings, shared by the node and the dispatcher.

/**
 * How many times a task of a background task type runs before its failure is final, when the
 * type's definition sets no `maxAttempts`.
 *
 * 1 rather than Task Manager's 3 (its `xpack.task_manager.max_attempts`): a user started the
 * task and watches it, so its failure shows in the tracking document at once instead of after
 * retries the user cannot see (Task Manager waits 30 s and more between attempts), and work
 * that is not safe to repeat is not repeated. A type whose work is worth retrying sets
 * `maxAttempts`. The node registers this with Task Manager and heartbeats it in its node
 * document; the dispatcher falls back to it for a node document that does not say.
 */
export const DEFAULT_MAX_ATTEMPTS = 1;
