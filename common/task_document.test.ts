import {
  decodeVersion,
  documentToTaskInstance,
  encodeVersion,
  getTaskPartition,
  taskToDocumentSource,
} from './task_document';

describe('task documents', () => {
  it("encodes versions as Kibana's saved objects do", () => {
    expect(encodeVersion(5, 1)).toBe('WzUsMV0=');
    expect(decodeVersion('WzUsMV0=')).toEqual({ if_seq_no: 5, if_primary_term: 1 });
    expect(() => decodeVersion('nonsense')).toThrow(/Invalid version/);
    expect(() => encodeVersion(undefined, 1)).toThrow(TypeError);
  });

  it('partitions ids with murmurhash3 (reference vectors) modulo 256', () => {
    expect(getTaskPartition('')).toBe(0);
    expect(getTaskPartition('hello')).toBe(613153351 % 256);
    expect(getTaskPartition('test')).toBe(3127628307 % 256);
  });

  it('round-trips a task through its stored source', () => {
    const now = new Date('2025-01-01T00:00:00.000Z');
    const source = taskToDocumentSource(
      { taskType: 't', params: { a: 1 }, state: { b: 2 }, schedule: { interval: '1m' } },
      'x',
      now
    );
    expect(source).toMatchObject({
      type: 'task',
      references: [],
      updated_at: now.toISOString(),
      task: { taskType: 't', params: '{"a":1}', state: '{"b":2}', status: 'idle', attempts: 0 },
      // Kibana 9.3's saved-object migration fields: model version 8 of the `task` type.
      coreMigrationVersion: '8.8.0',
      typeMigrationVersion: '10.8.0',
      managed: false,
    });
    const task = documentToTaskInstance({
      _id: 'task:x',
      _source: source,
      _seq_no: 3,
      _primary_term: 2,
    });
    expect(task).toMatchObject({
      id: 'x',
      version: encodeVersion(3, 2),
      params: { a: 1 },
      state: { b: 2 },
      runAt: now,
      startedAt: null,
      retryAt: null,
      schedule: { interval: '1m' },
    });
  });
});
