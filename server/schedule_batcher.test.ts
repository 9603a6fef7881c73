import type { KibanaRequest } from '@kbn/core/server';
import { TaskPriority } from '@kbn/task-manager-plugin/server';
import type { PreparedSchedule } from './bulk_schedule';
import { ScheduleBatcher, type WriteSchedules } from './schedule_batcher';

const item = (id: string): PreparedSchedule => ({
  id,
  type: 't',
  space: 'default',
  params: {},
  priority: TaskPriority.Normal,
  request: {} as KibanaRequest,
});

describe('ScheduleBatcher', () => {
  it('writes the schedules of one tick together, answering each caller its own item', async () => {
    const write = jest.fn<ReturnType<WriteSchedules>, Parameters<WriteSchedules>>(async (items) =>
      items.map(({ id }) => (id === 'b' ? new Error('b refused') : undefined))
    );
    const batcher = new ScheduleBatcher(write);
    const settled = await Promise.allSettled(
      ['a', 'b', 'c'].map((id) => batcher.schedule(item(id)))
    );
    expect(write).toHaveBeenCalledTimes(1);
    expect(write.mock.calls[0][0].map(({ id }) => id)).toEqual(['a', 'b', 'c']);
    expect(
      settled.map((s) => (s.status === 'rejected' ? (s.reason as Error).message : 'ok'))
    ).toEqual(['ok', 'b refused', 'ok']);
  });

  it('starts a flush at maxBatch, and a later tick gets its own', async () => {
    const write = jest.fn<ReturnType<WriteSchedules>, Parameters<WriteSchedules>>(async (items) =>
      items.map(() => undefined)
    );
    const batcher = new ScheduleBatcher(write, 2);
    await Promise.all(['a', 'b', 'c'].map((id) => batcher.schedule(item(id))));
    await batcher.schedule(item('d'));
    expect(write.mock.calls.map(([items]) => items.map(({ id }) => id))).toEqual([
      ['a', 'b'],
      ['c'],
      ['d'],
    ]);
  });

  it('rejects every schedule of a flush that failed as a whole', async () => {
    const batcher = new ScheduleBatcher(async () => {
      throw Object.assign(new Error('no living connections'), { name: 'ConnectionError' });
    });
    const settled = await Promise.allSettled(['a', 'b'].map((id) => batcher.schedule(item(id))));
    expect(settled.map((s) => s.status === 'rejected' && (s.reason as Error).name)).toEqual([
      'ConnectionError',
      'ConnectionError',
    ]);
  });
});
