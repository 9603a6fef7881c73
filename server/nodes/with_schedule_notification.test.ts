import type { KibanaRequest } from '@kbn/core/server';
import type { TaskClient } from '../task_client';
import { withScheduleNotification } from './with_schedule_notification';

describe('withScheduleNotification', () => {
  const request = {} as KibanaRequest;

  function setup() {
    const client = {
      space: 'default',
      schedule: jest.fn(async () => ({ status: 'in_progress' as const })),
      bulkSchedule: jest.fn(async () => [
        { id: 'a', result: { status: 'in_progress' } },
        { id: 'b', error: new Error('refused') },
        { id: 'c', result: { status: 'in_progress' } },
        { id: 'd', result: { status: 'in_progress' } },
      ]),
      cancel: jest.fn(),
    } as unknown as TaskClient;
    const notify = jest.fn();
    return { client, notify, decorated: withScheduleNotification(client, notify) };
  }

  it('notifies after scheduling a task due now, not one due later', async () => {
    const { decorated, notify } = setup();
    await decorated.schedule({ task: { id: 'now', type: 't' }, params: {}, request });
    await decorated.schedule({
      task: { id: 'later', type: 't' },
      params: {},
      request,
      runAt: new Date(Date.now() + 60_000),
    });
    expect(notify.mock.calls).toEqual([[['now']]]);
  });

  it('does not notify when scheduling fails, and keeps the other methods', async () => {
    const { client, decorated, notify } = setup();
    (client.schedule as jest.Mock).mockRejectedValueOnce(new Error('nope'));
    await expect(
      decorated.schedule({ task: { id: 'x', type: 't' }, params: {}, request })
    ).rejects.toThrow('nope');
    expect(notify).not.toHaveBeenCalled();
    expect(decorated.cancel).toBe(client.cancel);
    expect(decorated.space).toBe('default');
  });

  it('sends the due ids of a bulk schedule in one notify, leaving out refused and later ones', async () => {
    const { decorated, notify } = setup();
    const item = (id: string, runAt?: Date) => ({
      task: { id, type: 't' },
      params: {},
      request,
      ...(runAt ? { runAt } : {}),
    });
    await decorated.bulkSchedule([
      item('a'),
      item('b'),
      item('c', new Date(Date.now() - 1000)),
      item('d', new Date(Date.now() + 60_000)),
    ]);
    expect(notify.mock.calls).toEqual([[['a', 'c']]]);
  });
});
