import { isDue, isExpiredClaim } from './task_fields';

describe('due tasks', () => {
  const now = Date.parse('2025-12-01T12:00:00Z');
  const past = '2025-12-01T11:59:59Z';
  const future = '2025-12-01T12:00:01Z';
  const base = { taskType: 't', scope: ['backgroundTasks'], enabled: true };

  it('an idle enabled task whose runAt passed, in the scope', () => {
    expect(isDue({ ...base, status: 'idle', runAt: past }, 'backgroundTasks', now)).toBe(true);
    expect(isDue({ ...base, status: 'idle', runAt: future }, 'backgroundTasks', now)).toBe(false);
    expect(
      isDue({ ...base, status: 'idle', runAt: past, enabled: false }, 'backgroundTasks', now)
    ).toBe(false);
    expect(isDue({ ...base, status: 'idle', runAt: past }, 'other', now)).toBe(false);
  });

  it('a running or claiming task whose retryAt passed', () => {
    expect(isExpiredClaim({ ...base, status: 'running', retryAt: past }, now)).toBe(true);
    expect(isExpiredClaim({ ...base, status: 'claiming', retryAt: past }, now)).toBe(true);
    expect(isExpiredClaim({ ...base, status: 'running', retryAt: future }, now)).toBe(false);
    expect(isExpiredClaim({ ...base, status: 'failed', retryAt: past }, now)).toBe(false);
    expect(isDue({ ...base, status: 'running', retryAt: past }, 'backgroundTasks', now)).toBe(true);
  });
});
