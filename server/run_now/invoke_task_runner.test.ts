import type { KibanaRequest } from '@kbn/core/server';
import type {
  ConcreteTaskInstance,
  TaskManagerStartContract,
  TaskRegisterDefinition,
} from '@kbn/task-manager-plugin/server';
import { invokeTaskRunner } from './invoke_task_runner';

const task = {
  id: 't1',
  taskType: 'x',
  state: { n: 1 },
  params: {},
} as unknown as ConcreteTaskInstance;
const fakeRequest = {} as KibanaRequest;

function definition(run: () => Promise<unknown>): TaskRegisterDefinition {
  return { createTaskRunner: jest.fn(() => ({ run })) } as unknown as TaskRegisterDefinition;
}

describe('invokeTaskRunner', () => {
  it('uses Task Manager’s ephemeralRunNow when the contract has it', async () => {
    const ephemeralRunNow = jest.fn(async () => ({ id: 't1', state: { n: 2 } }));
    const own = definition(async () => ({ state: {} }));
    const result = await invokeTaskRunner({
      task,
      definition: own,
      fakeRequest,
      abortController: new AbortController(),
      taskManager: { ephemeralRunNow } as unknown as TaskManagerStartContract,
    });
    expect(result).toEqual({ kind: 'ran', result: { state: { n: 2 } } });
    expect(ephemeralRunNow).toHaveBeenCalledWith(
      task,
      expect.objectContaining({ request: fakeRequest })
    );
    expect(own.createTaskRunner).not.toHaveBeenCalled();
  });

  it('prefers the runtime’s whole result, and its failed result on a run error', async () => {
    const full = { state: {}, shouldDeleteTask: true };
    const taskManager = {
      ephemeralRunNow: jest.fn(async () => ({ id: 't1', state: {}, result: full })),
    } as unknown as TaskManagerStartContract;
    const options = {
      task,
      definition: definition(jest.fn()),
      fakeRequest,
      abortController: new AbortController(),
      taskManager,
    };
    expect(await invokeTaskRunner(options)).toEqual({ kind: 'ran', result: full });
    const failed = { error: new Error('boom'), state: { n: 1 } };
    (
      taskManager as unknown as { ephemeralRunNow: jest.Mock }
    ).ephemeralRunNow.mockRejectedValueOnce(
      Object.assign(new Error('Failed to run task'), {
        name: 'EphemeralTaskRunError',
        result: failed,
      })
    );
    expect(await invokeTaskRunner(options)).toEqual({ kind: 'ran', result: failed });
  });

  it('reports a capacity refusal of ephemeralRunNow as rejected', async () => {
    const refusal = Object.assign(new Error('no room'), {
      name: 'EphemeralTaskRejectedDueToCapacityError',
    });
    const taskManager = { ephemeralRunNow: jest.fn(async () => Promise.reject(refusal)) };
    expect(
      await invokeTaskRunner({
        task,
        definition: definition(jest.fn()),
        fakeRequest,
        abortController: new AbortController(),
        taskManager: taskManager as unknown as TaskManagerStartContract,
      })
    ).toEqual({ kind: 'rejected', error: refusal });
  });

  it('runs the registered definition itself without ephemeralRunNow (Kibana 9), a throw becoming a failure', async () => {
    const abortController = new AbortController();
    const own = definition(async () => {
      throw new Error('runner failed');
    });
    const result = await invokeTaskRunner({
      task,
      definition: own,
      fakeRequest,
      abortController,
      taskManager: {} as TaskManagerStartContract,
    });
    expect(own.createTaskRunner).toHaveBeenCalledWith({
      taskInstance: task,
      fakeRequest,
      abortController,
      signal: abortController.signal,
      executionUuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/),
      setCustomTaskRunEventFields: expect.any(Function),
    });
    expect(result).toEqual({
      kind: 'ran',
      result: { error: new Error('runner failed'), state: { n: 1 } },
    });
  });

  it("gives each run the RunContext of Kibana main (2026) too: its signal, its own execution's uuid", async () => {
    const own = definition(async () => ({ state: {} }));
    const runs = [new AbortController(), new AbortController()];
    for (const abortController of runs) {
      await invokeTaskRunner({
        task,
        definition: own,
        fakeRequest,
        abortController,
        taskManager: {} as TaskManagerStartContract,
      });
    }
    const contexts = jest
      .mocked(own.createTaskRunner)
      .mock.calls.map(([context]) => context as unknown as Record<string, unknown>);
    expect(contexts[0].signal).toBe(runs[0].signal);
    expect(contexts[1].signal).toBe(runs[1].signal);
    expect(contexts[0].executionUuid).not.toEqual(contexts[1].executionUuid);
    // Task Manager logs these fields with the run's event; a pushed run logs no such event.
    expect(() =>
      (contexts[0].setCustomTaskRunEventFields as (fields: object) => void)({ a: 1 })
    ).not.toThrow();
  });
});
