import type { KibanaRequest } from '@kbn/core/server';
import type { TaskClient } from '../task_client';
import { withScheduleNotification } from './with_schedule_notification';

describe('withScheduleNotification', () => {
  const request = {} as KibanaRequest;

  function setup() {
    const client = {
      space: 'default',
      schedule: jest.fn(async () => ({ status: 'in_progress' as const })),
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
});
