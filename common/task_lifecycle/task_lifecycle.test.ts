import type { ConcreteTaskInstance, RunResult } from '@kbn/task-manager-plugin/server/task';
import { attributesToTaskInstance } from '../task_document';
import type { SerializedConcreteTaskInstance } from '@kbn/task-manager-plugin/server/task';
import {
  claimWrite,
  expireWrite,
  finishWrite,
  isClaimable,
  isOutOfAttempts,
  isOwnedBy,
  nodeUuidOf,
  releaseWrite,
  toBulkOperations,
  toOwnerId,
  type StoredTaskFields,
} from '.';
import { KIBANA_7_TASK_WITHOUT_ENABLED } from './task_document.mock';

const NOW = new Date('2025-01-01T00:00:00.000Z');
const at = (ms: number) => new Date(NOW.getTime() + ms);
const iso = (ms: number) => at(ms).toISOString();
const fence = { if_seq_no: 7, if_primary_term: 1 };
const random = () => 0.5;
const S = 1000;
const M = 60 * S;

type Status = ConcreteTaskInstance['status'];

function task(overrides: Partial<ConcreteTaskInstance> = {}): ConcreteTaskInstance {
  return {
    id: 'a',
    taskType: 't',
    params: {},
    state: { n: 1 },
    scheduledAt: NOW,
    runAt: NOW,
    startedAt: null,
    retryAt: null,
    attempts: 0,
    status: 'idle' as Status,
    ownerId: null,
    enabled: true,
    ...overrides,
  };
}

/** A task as claimed: running, started 100 ms after its runAt, one attempt used. */
function claimed(overrides: Partial<ConcreteTaskInstance> = {}): ConcreteTaskInstance {
  return task({
    status: 'running' as Status,
    startedAt: at(-M + 100),
    runAt: at(-M),
    retryAt: at(10 * M),
    attempts: 1,
    ownerId: toOwnerId('u'),
    ...overrides,
  });
}

const CLEARED = { startedAt: null, retryAt: null, ownerId: null };

describe('claimWrite', () => {
  it.each<[string, Partial<ConcreteTaskInstance>, { timeout?: string }, StoredTaskFields]>([
    [
      'one-shot, first attempt: retryAt = now + 30 s + timeout',
      {},
      { timeout: '1m' },
      { attempts: 1, retryAt: iso(30 * S + M), scheduledAt: iso(0) },
    ],
    [
      'one-shot, third attempt: retryAt = now + random × 5 m × 2^(3 − 2) + timeout',
      { attempts: 2 },
      { timeout: '1m' },
      { attempts: 3, retryAt: iso(Math.floor(0.5 * (10 * M + 1)) + M) },
    ],
    [
      'recurring: retryAt = now + interval when it outlasts the timeout',
      { schedule: { interval: '10m' } },
      { timeout: '1m' },
      { retryAt: iso(10 * M) },
    ],
    [
      'recurring: retryAt = now + timeout when it outlasts the interval',
      { schedule: { interval: '10s' } },
      { timeout: '1m' },
      { retryAt: iso(M) },
    ],
    [
      'a timeout over 5 m counts as 5 m',
      { schedule: { interval: '1m' } },
      { timeout: '20m' },
      { retryAt: iso(5 * M) },
    ],
    [
      'a lapsed claim: scheduledAt = its retryAt',
      { status: 'running' as Status, runAt: at(-10 * M), retryAt: at(-S), attempts: 1 },
      { timeout: '1m' },
      { attempts: 2, scheduledAt: iso(-S) },
    ],
  ])('%s', (_title, overrides, definition, expected) => {
    const write = claimWrite(task(overrides), {
      nodeUuid: 'u',
      fence,
      definition,
      now: NOW,
      random,
    });
    expect(write).toEqual({
      kind: 'update',
      id: 'a',
      fence,
      doc: { updated_at: iso(0), task: expect.objectContaining(expected) },
    });
    expect(write.doc.task).toMatchObject({
      status: 'running',
      ownerId: 'kibana:u',
      startedAt: iso(0),
    });
  });
});

describe('isClaimable', () => {
  const kibana7 = attributesToTaskInstance(
    KIBANA_7_TASK_WITHOUT_ENABLED.task as SerializedConcreteTaskInstance,
    'kibana-7'
  );
  it.each<[string, ConcreteTaskInstance, boolean]>([
    ['idle, enabled, due', task({ runAt: at(-1) }), true],
    ['idle, enabled, not yet due', task({ runAt: at(1) }), false],
    ['disabled', task({ enabled: false, runAt: at(-1) }), false],
    ['without `enabled` (Kibana 7 archive, before 8.2)', kibana7, false],
    ['a lapsed claim', claimed({ retryAt: at(-1) }), true],
    ['a claim that holds', claimed({ retryAt: at(1) }), false],
    ['unrecognized, due', task({ status: 'unrecognized' as Status, runAt: at(-1) }), false],
    ['failed, due', task({ status: 'failed' as Status, runAt: at(-1) }), false],
  ])('%s: %s', (_title, candidate, expected) => {
    expect(isClaimable(candidate, NOW)).toBe(expected);
  });
});

describe('finishWrite', () => {
  const opts = { fence, defaultMaxAttempts: 3, pollInterval: 500, now: NOW, random };
  const error = new Error('boom');
  it.each<
    [
      string,
      ConcreteTaskInstance,
      RunResult,
      object,
      string,
      StoredTaskFields | 'delete' | undefined,
    ]
  >([
    ['one-shot success deletes', claimed(), { state: {} }, {}, 'removed', 'delete'],
    [
      'shouldDeleteTask deletes',
      claimed({ schedule: { interval: '1m' } }),
      { state: {}, shouldDeleteTask: true },
      {},
      'removed',
      'delete',
    ],
    [
      'shouldDisableTask: idle at its next run, disabled (Kibana 9.3 task_runner.ts)',
      claimed({ schedule: { interval: '10m' } }),
      { state: {}, shouldDisableTask: true },
      {},
      'rescheduled',
      { status: 'idle' as Status, runAt: iso(9 * M), enabled: false },
    ],
    [
      'recurring success, on time: idle at runAt + interval, attempts 0, run fields cleared',
      claimed({ schedule: { interval: '10m' } }),
      { state: { n: 2 } },
      {},
      'rescheduled',
      { status: 'idle' as Status, runAt: iso(9 * M), attempts: 0, state: '{"n":2}', ...CLEARED },
    ],
    [
      'recurring success, started over a poll interval late: from startedAt',
      claimed({ schedule: { interval: '10m' }, startedAt: at(-M + 5 * S) }),
      { state: {} },
      {},
      'rescheduled',
      { runAt: iso(9 * M + 5 * S) },
    ],
    [
      'recurring success, next run already past: now',
      claimed({ schedule: { interval: '10s' } }),
      { state: {} },
      {},
      'rescheduled',
      { runAt: iso(0) },
    ],
    [
      "a runner's runAt is honoured",
      claimed(),
      { state: {}, runAt: at(42 * S) },
      {},
      'rescheduled',
      { runAt: iso(42 * S), attempts: 0 },
    ],
    [
      'failure, first attempt: retry after 30 s, attempts kept',
      claimed(),
      { error, state: { n: 1 } },
      {},
      'retry',
      { status: 'idle' as Status, runAt: iso(30 * S), attempts: 1, ...CLEARED },
    ],
    [
      'failure, second attempt: retry after random × 5 m',
      claimed({ attempts: 2 }),
      { error, state: {} },
      {},
      'retry',
      { runAt: iso(Math.floor(0.5 * (5 * M + 1))), attempts: 2 },
    ],
    [
      'failure, out of attempts (default max): kept as failed, run fields cleared',
      claimed({ attempts: 3 }),
      { error, state: { last: 3 } },
      {},
      'failed',
      { status: 'failed' as Status, state: '{"last":3}', ...CLEARED },
    ],
    [
      "failure, out of the type's own max attempts",
      claimed({ attempts: 1 }),
      { error, state: {} },
      { definition: { maxAttempts: 1 } },
      'failed',
      { status: 'failed' as Status },
    ],
    [
      'failure of a recurring task: retried at its next run whatever its attempts',
      claimed({ schedule: { interval: '10m' }, attempts: 7 }),
      { error, state: { n: 1 } },
      {},
      'retry',
      { status: 'idle' as Status, runAt: iso(9 * M), attempts: 7 },
    ],
    [
      'recurring success with an interval past year 9999: failed, run fields cleared',
      claimed({ schedule: { interval: '99999999999999999999d' } }),
      { state: {} },
      {},
      'failed',
      { status: 'failed' as Status, ...CLEARED },
    ],
    [
      'recurring failure with a time zone Intl does not know: failed, not retried',
      claimed({ schedule: { rrule: { freq: 3, interval: 1, tzid: 'Not/AZone' } } }),
      { error, state: {} },
      {},
      'failed',
      { status: 'failed' as Status, ...CLEARED },
    ],
    [
      'recurring success with an rrule that has no occurrence: failed',
      claimed({ schedule: { rrule: { freq: 3, interval: 1e12, tzid: 'UTC' } } }),
      { state: {} },
      {},
      'failed',
      { status: 'failed' as Status, ...CLEARED },
    ],
    [
      'a run that outlived its timeout (interval ≤ timeout): nothing written',
      claimed({ schedule: { interval: '30s' }, startedAt: at(-2 * M) }),
      { state: {} },
      { definition: { timeout: '1m' } },
      'left',
      undefined,
    ],
    [
      'a run whose work ended within its timeout, its outcome written after an outage: rescheduled',
      claimed({ schedule: { interval: '30s' }, startedAt: at(-2 * M) }),
      { state: {} },
      { definition: { timeout: '1m' }, endedAt: at(-2 * M + 30 * S) },
      'rescheduled',
      { status: 'idle' as Status, attempts: 0, ...CLEARED },
    ],
  ])('%s', (_title, claimedTask, result, extra, outcome, expected) => {
    const plan = finishWrite(claimedTask, result, { ...opts, ...extra });
    expect(plan.outcome).toBe(outcome);
    // a reason exactly when the schedule, not the runner, failed the task
    const unschedulable = outcome === 'failed' && claimedTask.schedule != null;
    expect(plan.reason).toEqual(
      unschedulable ? expect.stringMatching(/next run of schedule/) : undefined
    );
    if (expected === undefined) expect(plan.write).toBeUndefined();
    else if (expected === 'delete') expect(plan.write).toEqual({ kind: 'delete', id: 'a', fence });
    else {
      expect(plan.write).toEqual({
        kind: 'update',
        id: 'a',
        fence,
        doc: { updated_at: iso(0), task: expect.objectContaining(expected) },
      });
    }
  });
});

describe('releaseWrite', () => {
  it.each([
    [1, 0],
    [3, 2],
    [0, 0],
  ])('a claim at %i attempts goes back to %i, idle and unowned', (attempts, before) => {
    expect(releaseWrite(claimed({ attempts }), { fence, now: NOW })).toEqual({
      kind: 'update',
      id: 'a',
      fence,
      doc: {
        updated_at: iso(0),
        task: { status: 'idle', attempts: before, ...CLEARED },
      },
    });
  });
});

describe('expiry of a lapsed claim', () => {
  it.each<[string, Partial<ConcreteTaskInstance>, StoredTaskFields]>([
    ['one-shot: failed, run fields cleared', {}, { status: 'failed' as Status, ...CLEARED }],
    [
      'recurring: idle at its next run (the finish rule), attempts 0',
      { schedule: { interval: '1h' }, runAt: at(-M), startedAt: at(-M + 100) },
      { status: 'idle' as Status, runAt: iso(59 * M), attempts: 0, ...CLEARED },
    ],
    [
      'recurring with an interval past year 9999: failed, not thrown',
      { schedule: { interval: '99999999999999999999d' } },
      { status: 'failed' as Status, ...CLEARED },
    ],
    [
      'recurring with a time zone Intl does not know: failed, not thrown',
      { schedule: { rrule: { freq: 3, interval: 1, tzid: 'Not/AZone' } } },
      { status: 'failed' as Status, ...CLEARED },
    ],
    [
      'recurring with an rrule weekday that is none: failed, not thrown',
      { schedule: { rrule: { freq: 3, interval: 1, tzid: 'UTC', byweekday: ['XX'] } as never } },
      { status: 'failed' as Status, ...CLEARED },
    ],
  ])('%s', (_title, overrides, expected) => {
    const lapsed = claimed({ retryAt: at(-S), attempts: 3, ...overrides });
    const write = expireWrite(lapsed, { fence, pollInterval: 500, now: NOW });
    expect(write.doc).toEqual({ updated_at: iso(0), task: expected });
    // the tracking document is failed with the reason the schedule has no next run
    const unschedulable = overrides.schedule != null && expected.status === 'failed';
    expect(write.reason).toEqual(
      unschedulable ? expect.stringMatching(/next run of schedule/) : undefined
    );
  });

  it.each([
    [2, 3, false],
    [3, 3, true],
    [4, 3, true],
  ])('a lapsed claim at %i attempts of %i is out of attempts: %s', (attempts, max, expected) => {
    expect(isOutOfAttempts({ attempts }, max)).toBe(expected);
  });
});

describe('ownerId', () => {
  it.each<[string, string | null, boolean]>([
    ['kibana:<uuid> is owned by uuid', 'kibana:u', true],
    ['a bare uuid is not', 'u', false],
    ['another node is not', 'kibana:v', false],
    ['no owner is not', null, false],
  ])('%s', (_title, ownerId, expected) => {
    expect(isOwnedBy(ownerId, 'u')).toBe(expected);
  });

  it('maps a node uuid to its ownerId and back', () => {
    expect(toOwnerId('u')).toBe('kibana:u');
    expect(nodeUuidOf('kibana:u')).toBe('u');
    expect(nodeUuidOf('u')).toBe('u');
  });
});

describe('toBulkOperations', () => {
  it('an update line plus its doc, a delete line alone, each fenced', () => {
    const update = releaseWrite(claimed(), { fence, now: NOW });
    expect(toBulkOperations([update, { kind: 'delete', id: 'b', fence }], 'idx')).toEqual([
      { update: { _id: 'task:a', _index: 'idx', ...fence } },
      { doc: update.doc },
      { delete: { _id: 'task:b', _index: 'idx', ...fence } },
    ]);
  });
});
