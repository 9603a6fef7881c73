// Type-level proof that tsconfig.kibana_main.json checks against Kibana main's declarations: none of this compiles against 9.3's.
import type { DEFAULT_SPACE_ID } from '@kbn/core-spaces-common';
import type { RunContext } from '@kbn/task-manager-plugin/server';
import { TaskCost } from '@kbn/task-manager-plugin/server';
import type { RunContext as TaskRunContext } from '@kbn/task-manager-plugin/server/task';
import type * as SpacesCommon from '@kbn/spaces-plugin/common';

/** Compiles only when `Actual` and `Expected` are the same type. */
type Equals<Actual, Expected> =
  (<T>() => T extends Actual ? 1 : 2) extends <T>() => T extends Expected ? 1 : 2 ? true : false;

/** Fails to compile unless its argument is `true`. */
function assertType<T extends true>(): T | undefined {
  return undefined;
}

// Main's RunContext: `signal` instead of `abortController`, and a required `executionUuid`.
assertType<Equals<RunContext['signal'], AbortSignal>>();
assertType<Equals<RunContext['executionUuid'], string>>();
assertType<Equals<'abortController' extends keyof RunContext ? true : false, false>>();
assertType<Equals<TaskRunContext, RunContext>>();
assertType<Equals<typeof TaskCost.Large, TaskCost.Large>>();
// The spaces helpers left @kbn/spaces-plugin/common for @kbn/core-spaces-common.
assertType<Equals<'DEFAULT_SPACE_ID' extends keyof typeof SpacesCommon ? true : false, false>>();
assertType<Equals<typeof DEFAULT_SPACE_ID extends string ? true : false, true>>();
