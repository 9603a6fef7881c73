// Types a task definition from its params schema, so runners get typed params, payload, state.
import type { TaskContext, BackgroundTaskDefinition } from './types';

/**
 * An identity function: `params` in `run` is inferred from `paramsSchema`, and the result
 * fits in any `BackgroundTaskDefinitionRegistry`.
 */
export function defineBackgroundTask<
  TParams,
  TPayload = unknown,
  TState extends object = Record<string, unknown>,
  TContext extends TaskContext = TaskContext,
>(
  definition: BackgroundTaskDefinition<TParams, TPayload, TState, TContext>
): BackgroundTaskDefinition<TParams, TPayload, TState, TContext> {
  return definition;
}
