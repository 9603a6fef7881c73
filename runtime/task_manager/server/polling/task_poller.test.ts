import { createConsoleLogger } from '../test_utils';
import { TaskPoller } from './task_poller';

describe('TaskPoller (Kibana 9: the wait is the interval minus the cycle time)', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  function poller(cycleMs: number) {
    const starts: number[] = [];
    const taskPoller = new TaskPoller({
      work: async () => {
        starts.push(Date.now());
        await new Promise((resolve) => setTimeout(resolve, cycleMs));
      },
      getInterval: () => 500,
      logger: createConsoleLogger('task_poller', 'error'),
    });
    // stop() waits for a cycle in progress, which ends on the fake clock
    const stop = async () => {
      const stopped = taskPoller.stop();
      await jest.advanceTimersByTimeAsync(cycleMs);
      await stopped;
    };
    return { taskPoller, starts, stop };
  }

  it('starts a cycle every interval when a cycle is shorter than it', async () => {
    const { taskPoller, starts, stop } = poller(200);
    taskPoller.start();
    await jest.advanceTimersByTimeAsync(1600);
    await stop();
    expect(starts).toEqual([0, 500, 1000, 1500]);
  });

  it('starts the next cycle at once when a cycle outlasts the interval', async () => {
    const { taskPoller, starts, stop } = poller(700);
    taskPoller.start();
    await jest.advanceTimersByTimeAsync(1500);
    await stop();
    // a zero delay is one millisecond to Node's timers
    expect(starts).toEqual([0, 701, 1402]);
  });

  it('runs a cycle on a nudge, and once right after a cycle nudged during it', async () => {
    const { taskPoller, starts, stop } = poller(100);
    taskPoller.start();
    await jest.advanceTimersByTimeAsync(300);
    taskPoller.nudge();
    await jest.advanceTimersByTimeAsync(50);
    taskPoller.nudge();
    taskPoller.nudge();
    await jest.advanceTimersByTimeAsync(100);
    await stop();
    // 0: first cycle; 300: the nudge; 401: one cycle for both nudges during the second (a
    // zero delay is one millisecond to Node's timers); the interval's 500 ms was not waited
    expect(starts).toEqual([0, 300, 401]);
  });
});
