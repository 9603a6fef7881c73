import {
  AcknowledgingIncompleteError,
  CancellationInProgressError,
  errorFromRefusal,
  InvalidTaskParamsError,
  isTaskConflictError,
  TaskConflictError,
  TaskNotFoundError,
  UnknownTaskTypeError,
} from './errors';
import { trackingTransitions, isRefusal, type TrackingDocument } from '../common';

describe('errors', () => {
  it('carry their own name', () => {
    expect(new TaskConflictError('x').name).toBe('TaskConflictError');
    expect(new CancellationInProgressError().name).toBe('CancellationInProgressError');
    expect(new AcknowledgingIncompleteError().name).toBe('AcknowledgingIncompleteError');
    expect(new TaskNotFoundError('a').name).toBe('TaskNotFoundError');
    expect(new InvalidTaskParamsError('t', 'bad').name).toBe('InvalidTaskParamsError');
    expect(new UnknownTaskTypeError('t').name).toBe('UnknownTaskTypeError');
  });

  it('are conflicts by instanceof and by name', () => {
    expect(new CancellationInProgressError()).toBeInstanceOf(TaskConflictError);
    expect(new AcknowledgingIncompleteError()).toBeInstanceOf(TaskConflictError);
    expect(new CancellationInProgressError()).toBeInstanceOf(Error);
    expect(isTaskConflictError(new AcknowledgingIncompleteError())).toBe(true);
    const foreign = Object.assign(new Error('from another bundle'), {
      name: 'CancellationInProgressError',
    });
    expect(isTaskConflictError(foreign)).toBe(true);
    expect(isTaskConflictError(new TaskNotFoundError('a'))).toBe(false);
    expect(isTaskConflictError('CancellationInProgressError')).toBe(false);
  });

  it('name what is wrong in the message', () => {
    expect(new TaskNotFoundError('abc').message).toContain('abc');
    expect(new InvalidTaskParamsError('examples:sleep', '[ms]: expected a number').message).toBe(
      'Invalid params for task type [examples:sleep]: [ms]: expected a number'
    );
  });

  it('are made from the state machine’s refusals, keeping the refusal’s message', () => {
    const doc = (status: TrackingDocument['status']): TrackingDocument => ({
      id: 't1',
      type: 'examples:count',
      status,
      space: 'default',
      created_at: '2025-12-01T11:00:00.000Z',
      updated_at: '2025-12-01T11:00:00.000Z',
      task: { params: {} },
    });
    const now = '2025-12-01T12:00:00.000Z';
    const refusalOf = (transition: object) => {
      if (!isRefusal(transition)) throw new Error('expected a refusal');
      return transition;
    };
    for (const status of ['in_progress', 'being_canceled', 'failed', 'canceled'] as const) {
      const refusal = refusalOf(trackingTransitions.acknowledge(doc(status), now));
      const error = errorFromRefusal(refusal);
      expect(error).toBeInstanceOf(AcknowledgingIncompleteError);
      expect(error.message).toBe(refusal.message);
    }
    const input = { id: 't1', type: 'examples:count', space: 'default', params: {}, now };
    const beingCanceled = trackingTransitions.schedule(doc('being_canceled'), {
      ...input,
      staleThresholdMs: 1000,
    });
    expect(errorFromRefusal(refusalOf(beingCanceled))).toBeInstanceOf(CancellationInProgressError);
    const taken = trackingTransitions.schedule(
      { ...doc('completed'), space: 'other' },
      { ...input, staleThresholdMs: 1000 }
    );
    const conflict = errorFromRefusal(refusalOf(taken));
    expect(conflict.name).toBe('TaskConflictError');
    expect(isTaskConflictError(conflict)).toBe(true);
  });
});
