import {
  AcknowledgingIncompleteError,
  CancellationInProgressError,
  InvalidTaskParamsError,
  isTaskConflictError,
  TaskConflictError,
  TaskNotFoundError,
  UnknownTaskTypeError,
} from './errors';

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
});
