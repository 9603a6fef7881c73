import type { KibanaRequest } from '@kbn/core/server';
import type { TaskResult } from '../../common';
import {
  CancellationInProgressError,
  TaskConflictError,
  TaskNotFoundError,
  AcknowledgingIncompleteError,
} from '../errors';
import type { TaskClient } from '../task_client';
import { applyStreamsTaskAction, toFlatTaskResult } from './apply_streams_task_action';

const request = {} as KibanaRequest;
const schedule = { type: 'fixture:once', params: {} };

function fakeClient(
  status: TaskResult,
  overrides: Partial<Record<keyof TaskClient, unknown>> = {}
) {
  return {
    getStatus: jest.fn().mockResolvedValue(status),
    schedule: jest.fn().mockResolvedValue({ status: 'in_progress' }),
    cancel: jest.fn().mockRejectedValue(new TaskNotFoundError('t')),
    acknowledge: jest.fn().mockRejectedValue(new TaskNotFoundError('t')),
    ...overrides,
  } as unknown as TaskClient;
}

describe('applyStreamsTaskAction', () => {
  it('reads a never-scheduled task as not_started, and cancelling it changes nothing', async () => {
    const client = fakeClient({ status: 'not_started' });
    await expect(
      applyStreamsTaskAction({ client, id: 't', action: 'status', request })
    ).resolves.toEqual({ status: 'not_started' });
    await expect(
      applyStreamsTaskAction({ client, id: 't', action: 'cancel', request })
    ).resolves.toEqual({ status: 'not_started' });
  });

  it('refuses to acknowledge a never-scheduled task, as Streams does', async () => {
    const client = fakeClient({ status: 'not_started' });
    await expect(
      applyStreamsTaskAction({ client, id: 't', action: 'acknowledge', request })
    ).rejects.toBeInstanceOf(AcknowledgingIncompleteError);
  });

  it('spreads the payload beside the status', async () => {
    const client = fakeClient({ status: 'completed', payload: { features: ['a'] } });
    await expect(
      applyStreamsTaskAction({ client, id: 't', action: 'status', request })
    ).resolves.toEqual({ status: 'completed', features: ['a'] });
  });

  it('answers a schedule while in progress as a no-op in_progress', async () => {
    const client = fakeClient(
      { status: 'in_progress' },
      { schedule: jest.fn().mockRejectedValue(new TaskConflictError('already in progress')) }
    );
    await expect(
      applyStreamsTaskAction({ client, id: 't', action: 'schedule', request, schedule })
    ).resolves.toEqual({ status: 'in_progress' });
  });

  it('keeps refusing a schedule while a cancel is under way', async () => {
    const client = fakeClient(
      { status: 'being_canceled' },
      { schedule: jest.fn().mockRejectedValue(new CancellationInProgressError()) }
    );
    await expect(
      applyStreamsTaskAction({ client, id: 't', action: 'schedule', request, schedule })
    ).rejects.toBeInstanceOf(CancellationInProgressError);
  });
});

describe('toFlatTaskResult', () => {
  it('keeps the status when the payload has a status key', () => {
    expect(
      toFlatTaskResult({ status: 'completed', payload: { status: 'in_progress', n: 1 } })
    ).toEqual({ status: 'completed', n: 1 });
  });

  it('keeps a payload that cannot be spread under `payload`', () => {
    expect(toFlatTaskResult({ status: 'acknowledged', payload: [1, 2] })).toEqual({
      status: 'acknowledged',
      payload: [1, 2],
    });
    expect(toFlatTaskResult({ status: 'completed', payload: undefined })).toEqual({
      status: 'completed',
    });
  });

  it('leaves the other statuses as they are', () => {
    expect(toFlatTaskResult({ status: 'failed', error: 'boom' })).toEqual({
      status: 'failed',
      error: 'boom',
    });
  });
});
