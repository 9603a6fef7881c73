import { loggerMock } from '@kbn/core/server/logging.mock';
import type { TaskManagerSetupContract } from '@kbn/task-manager-plugin/server';
import { configSchema } from '../config';
import { defineBackgroundTask } from '../define_background_task';
import { TaskService } from '../task_service';

const DAY = 24 * 3_600_000;

function service(settings: Record<string, unknown> = {}) {
  const taskManager = { registerTaskDefinitions: jest.fn() };
  const config = configSchema.validate(settings);
  return new TaskService(
    taskManager as unknown as TaskManagerSetupContract,
    config,
    loggerMock.create()
  );
}

const run = async () => ({});

describe('a task type’s retention at registration', () => {
  it("resolves the type's own settings over the node's", () => {
    const tasks = service({ retention: { canceled: '1d' } });
    tasks.registerTasks({} as never, {
      'test:own': defineBackgroundTask({ retention: { completed: '90d' }, run }),
      'test:node': defineBackgroundTask({ run }),
    });
    expect(tasks.getTaskType('test:own')?.retention).toEqual({
      completed: 90 * DAY,
      acknowledged: 7 * DAY,
      canceled: DAY,
      failed: 30 * DAY,
    });
    expect(tasks.getTaskType('test:node')?.retention?.completed).toBe(30 * DAY);
  });

  it('refuses a value that is not a duration, naming the type and the key, registering nothing', () => {
    const tasks = service();
    expect(() =>
      tasks.registerTasks({} as never, {
        'test:bad': defineBackgroundTask({ retention: { failed: 'forever' }, run }),
      })
    ).toThrow('Task type [test:bad]: [retention.failed]: must be a duration');
    expect(tasks.getTaskType('test:bad')).toBeUndefined();
  });
});
