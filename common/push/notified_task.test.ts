import { TaskStatus, type ConcreteTaskInstance } from '@kbn/task-manager-plugin/server/task';
import { encodeVersion } from '../task_document';
import { toNotifiedTask } from './notified_task';

describe('toNotifiedTask', () => {
  const stored: ConcreteTaskInstance = {
    id: 'report-1',
    taskType: 'reports:generate',
    version: encodeVersion(42, 3),
    status: TaskStatus.Idle,
    runAt: new Date('2026-12-03T10:00:00.000Z'),
    scheduledAt: new Date('2026-12-03T09:59:59.000Z'),
    startedAt: null,
    retryAt: null,
    attempts: 0,
    ownerId: null,
    params: { secret: 'never sent' },
    state: {},
    scope: ['backgroundTasks'],
    priority: 50,
    enabled: true,
    schedule: { interval: '5m' },
  };

  it('sends the version and the candidate fields as Task Manager stores them', () => {
    expect(toNotifiedTask(stored)).toEqual({
      id: 'report-1',
      seq_no: 42,
      primary_term: 3,
      task: {
        taskType: 'reports:generate',
        status: 'idle',
        runAt: '2026-12-03T10:00:00.000Z',
        attempts: 0,
        scope: ['backgroundTasks'],
        priority: 50,
        enabled: true,
        schedule: { interval: '5m' },
      },
    });
  });

  it('sends neither params nor state, only the fields a claim needs', () => {
    const { task } = toNotifiedTask(stored)!;
    expect(task).not.toHaveProperty('params');
    expect(task).not.toHaveProperty('state');
    expect(task).not.toHaveProperty('scheduledAt');
  });

  it('answers undefined for a task without a version: it is sent by id instead', () => {
    expect(toNotifiedTask({ ...stored, version: undefined })).toBeUndefined();
  });
});
