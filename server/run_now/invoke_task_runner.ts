// Invokes a type's task runner once for a pushed task: via `ephemeralRunNow` if Task Manager has it.
import { randomUUID } from 'node:crypto';
import type { KibanaRequest } from '@kbn/core/server';
import type {
  ConcreteTaskInstance,
  RunNowResult,
  TaskManagerStartContract,
  TaskRegisterDefinition,
} from '@kbn/task-manager-plugin/server';
import type { RunResult } from '@kbn/task-manager-plugin/server/task';
import { normalizeRunResult, runErrorToResult } from '../../common/task_lifecycle';

/**
 * Kibana 8's `ephemeralRunNow`, removed in Kibana 9 and kept by the runtime's Task Manager:
 * resolves when the run ends (`{ id, state }`, plus the whole `result` in the runtime's), and
 * rejects when it fails (the runtime's error carries the failed `result`). The options are a
 * runtime-only extension: the runtime's Task Manager aborts the run with `abortController` (so a
 * shutdown or timeout of the push stops it at once) and runs it with `request`; Kibana 8's
 * ignores them.
 */
export type EphemeralRunNow = (
  task: ConcreteTaskInstance,
  options?: { request?: KibanaRequest; abortController?: AbortController }
) => Promise<RunNowResult & { result?: RunResult }>;

/** How a run ended; `rejected` means Task Manager refused to start it (no room). */
export type InvokeTaskRunnerResult =
  { kind: 'ran'; result: RunResult } | { kind: 'rejected'; error: Error };

export interface InvokeTaskRunnerOptions {
  task: ConcreteTaskInstance;
  definition: TaskRegisterDefinition;
  fakeRequest: KibanaRequest;
  abortController: AbortController;
  taskManager: TaskManagerStartContract;
}

/** Feature detection: Kibana 9's contract has no `ephemeralRunNow`. */
export function getEphemeralRunNow(
  taskManager: TaskManagerStartContract
): EphemeralRunNow | undefined {
  const candidate = (taskManager as { ephemeralRunNow?: unknown }).ephemeralRunNow;
  return typeof candidate === 'function'
    ? (candidate.bind(taskManager) as EphemeralRunNow)
    : undefined;
}

const CAPACITY_REJECTION = 'EphemeralTaskRejectedDueToCapacityError';

/** Never rejects: a thrown runner error becomes a failed run result. */
export async function invokeTaskRunner({
  task,
  definition,
  fakeRequest,
  abortController,
  taskManager,
}: InvokeTaskRunnerOptions): Promise<InvokeTaskRunnerResult> {
  const ephemeralRunNow = getEphemeralRunNow(taskManager);
  try {
    if (ephemeralRunNow) {
      const ran = await ephemeralRunNow(task, { request: fakeRequest, abortController });
      return { kind: 'ran', result: ran.result ?? { state: ran.state ?? {} } };
    }
    // Both Kibanas' RunContext in one: 9.3's `abortController`, main's (2026) `signal`,
    // `executionUuid` and `setCustomTaskRunEventFields` (a no-op: no task-run event is logged
    // for a pushed run). Not a literal, so neither version's excess-property check refuses it.
    const runContext = {
      taskInstance: task,
      fakeRequest,
      abortController,
      signal: abortController.signal,
      executionUuid: randomUUID(),
      setCustomTaskRunEventFields: () => undefined,
    };
    const runner = definition.createTaskRunner(runContext);
    return { kind: 'ran', result: normalizeRunResult(await runner.run()) };
  } catch (caught) {
    if (caught instanceof Error && caught.name === CAPACITY_REJECTION) {
      return { kind: 'rejected', error: caught };
    }
    // The runtime's run error carries the failed result (error and state) of the runner.
    const failed = (caught as { result?: RunResult } | null)?.result;
    if (failed && 'error' in failed) return { kind: 'ran', result: failed };
    return { kind: 'ran', result: runErrorToResult(task, caught) };
  }
}
