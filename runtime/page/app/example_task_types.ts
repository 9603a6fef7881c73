// The example plugin's task types the page can schedule, with their parameters and defaults.

/** One parameter of a task type, as a form field. */
export interface ExampleParam {
  name: string;
  label: string;
  help: string;
  kind: 'number' | 'text';
  defaultValue: number | string;
  /** Smallest accepted number. */
  min?: number;
}

export interface ExampleTaskType {
  type: string;
  title: string;
  description: string;
  /** Prefix of generated task ids. */
  idPrefix: string;
  params: ExampleParam[];
}

export const EXAMPLE_TASK_TYPES: ExampleTaskType[] = [
  {
    type: 'examples:sleep',
    title: 'Sleep',
    description: 'Waits for a while, then completes.',
    idPrefix: 'sleep',
    params: [
      {
        name: 'ms',
        label: 'Duration (ms)',
        help: 'How long the task waits before completing.',
        kind: 'number',
        defaultValue: 5000,
        min: 0,
      },
    ],
  },
  {
    type: 'examples:count',
    title: 'Count',
    description: 'Counts up to a number, pausing between steps, and returns the count.',
    idPrefix: 'count',
    params: [
      {
        name: 'n',
        label: 'Count to',
        help: 'The number to count up to.',
        kind: 'number',
        defaultValue: 10,
        min: 0,
      },
      {
        name: 'delayMs',
        label: 'Pause between steps (ms)',
        help: 'How long each step takes.',
        kind: 'number',
        defaultValue: 500,
        min: 0,
      },
    ],
  },
  {
    type: 'examples:fail',
    title: 'Fail',
    description: 'Fails at once with the given message, to show how failures look.',
    idPrefix: 'fail',
    params: [
      {
        name: 'message',
        label: 'Error message',
        help: 'The error the task fails with.',
        kind: 'text',
        defaultValue: 'Something went wrong on purpose',
      },
    ],
  },
  {
    type: 'examples:heartbeat',
    title: 'Heartbeat',
    description: 'Keeps running and reporting progress until it is canceled.',
    idPrefix: 'heartbeat',
    params: [
      {
        name: 'intervalMs',
        label: 'Beat every (ms)',
        help: 'How often the task reports progress.',
        kind: 'number',
        defaultValue: 1000,
        min: 1,
      },
    ],
  },
];
