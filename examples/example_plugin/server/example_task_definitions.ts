// The demo task types; tests, benchmarks and the demo page rely on these names and shapes.
import { schema } from '@kbn/config-schema';
import { defineBackgroundTask, type BackgroundTaskDefinitionRegistry } from '../../../server';
import { abortableSleep } from './abortable_sleep';

export const EXAMPLE_TASK_TYPES = {
  sleep: 'examples:sleep',
  count: 'examples:count',
  fail: 'examples:fail',
  heartbeat: 'examples:heartbeat',
} as const;

// The descriptions are the help texts of the page's schedule form.
const sleepParams = schema.object({
  ms: schema.number({ min: 0, max: 3_600_000, meta: { description: 'How long to sleep, in ms.' } }),
});
const countParams = schema.object({
  n: schema.number({ min: 0, max: 1_000_000, meta: { description: 'The number to count to.' } }),
  delayMs: schema.number({
    min: 0,
    max: 60_000,
    defaultValue: 0,
    meta: { description: 'The pause between steps, in ms.' },
  }),
});
const failParams = schema.object({
  message: schema.string({
    defaultValue: 'Example failure',
    meta: { description: 'The error the task fails with.' },
  }),
});
const heartbeatParams = schema.object({
  intervalMs: schema.number({
    min: 1000,
    max: 86_400_000,
    meta: { description: 'How often it runs, in ms.' },
  }),
});

interface HeartbeatState {
  beats: number;
}

/** How long examples:sleep sleeps between two progress reports, in ms. */
const SLEEP_STEP_MS = 1000;

export const exampleTaskDefinitions: BackgroundTaskDefinitionRegistry = {
  [EXAMPLE_TASK_TYPES.sleep]: defineBackgroundTask({
    title: 'Sleep',
    description:
      'Sleeps for `ms`, reporting how far it got each second, stopping early when canceled.',
    paramsSchema: sleepParams,
    timeout: '1h',
    async run({ params, signal, reportProgress }) {
      const { ms } = params;
      // Steps of a second at most: progress shows on the page, a cancel still stops it at once.
      for (let slept = 0; slept < ms;) {
        const step = Math.min(SLEEP_STEP_MS, ms - slept);
        await abortableSleep(step, signal);
        slept += step;
        reportProgress({ value: Math.min(1, slept / ms), message: `Slept ${slept} of ${ms} ms` });
      }
      return { payload: { slept: ms } };
    },
  }),
  [EXAMPLE_TASK_TYPES.count]: defineBackgroundTask({
    title: 'Count',
    description: 'Counts to `n`, waiting `delayMs` between steps and reporting progress.',
    paramsSchema: countParams,
    timeout: '1h',
    async run({ params, signal, reportProgress }) {
      const { n, delayMs } = params;
      for (let i = 1; i <= n; i++) {
        await abortableSleep(delayMs, signal);
        reportProgress({ value: i / n, message: `Counted ${i} of ${n}` });
      }
      return { payload: { count: n } };
    },
  }),
  [EXAMPLE_TASK_TYPES.fail]: defineBackgroundTask({
    title: 'Fail',
    description: 'Always fails with `message`.',
    paramsSchema: failParams,
    async run({ params }) {
      throw new Error(params.message);
    },
  }),
  [EXAMPLE_TASK_TYPES.heartbeat]: defineBackgroundTask({
    title: 'Heartbeat',
    description: 'Recurring: counts its runs in its state.',
    paramsSchema: heartbeatParams,
    schedule: (params) => ({
      interval: `${Math.ceil(params.intervalMs / 1000)}s`,
    }),
    async run({
      state,
      reportProgress,
    }): Promise<{ state: HeartbeatState; payload: HeartbeatState }> {
      reportProgress();
      const beats = (state.beats ?? 0) + 1;
      return { state: { beats }, payload: { beats } };
    },
  }),
};
