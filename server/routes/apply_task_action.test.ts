import { resolveTaskAction } from './apply_task_action';

describe('resolveTaskAction', () => {
  it('reports the status without flags, and the one flag given', () => {
    expect(resolveTaskAction({})).toEqual({ action: 'status' });
    expect(resolveTaskAction({ cancel: false })).toEqual({ action: 'status' });
    expect(resolveTaskAction({ acknowledge: true })).toEqual({ action: 'acknowledge' });
  });

  it('refuses several flags, naming them', () => {
    expect(resolveTaskAction({ schedule: true, acknowledge: true })).toEqual({
      error: expect.stringContaining('got [schedule, acknowledge]'),
    });
  });
});
