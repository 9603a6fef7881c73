import type { Client } from '@elastic/elasticsearch';
import type { TrackingDocument } from '../../common';
import { failTrackingDocument } from './fail_tracking_document';

const now = '2025-12-01T12:00:00.000Z';
const running: TrackingDocument = {
  id: 't1',
  type: 'test:work',
  status: 'in_progress',
  space: 'default',
  created_at: '2025-12-01T11:00:00.000Z',
  updated_at: '2025-12-01T11:00:00.000Z',
  run_started_at: '2025-12-01T11:00:00.000Z',
  task: { params: { n: 1 } },
};
const responseError = (statusCode: number) =>
  Object.assign(new Error(`status ${statusCode}`), { name: 'ResponseError', statusCode });

/** A tracking index of one document whose reads answer `versions` in turn. */
function fakeEs(versions: Array<TrackingDocument | undefined>, indexFailures: Error[] = []) {
  let reads = 0;
  const written: Array<{ document: TrackingDocument; if_seq_no: number }> = [];
  const es = {
    get: jest.fn(async () => {
      const source = versions[Math.min(reads, versions.length - 1)];
      reads++;
      if (!source) throw responseError(404);
      return { _source: source, _seq_no: reads, _primary_term: 1 };
    }),
    index: jest.fn(async (request: { document: TrackingDocument; if_seq_no: number }) => {
      const failure = indexFailures.shift();
      if (failure) throw failure;
      written.push(request);
      return {};
    }),
  };
  return { es: es as unknown as Client, written, mocks: es };
}

describe('failTrackingDocument', () => {
  it('writes the expired-claim transition whole, fenced by the read, clearing the run start', async () => {
    const { es, written } = fakeEs([running]);
    await failTrackingDocument(es, 'tracking', 't1', 'claim expired', now);
    expect(written).toEqual([
      expect.objectContaining({
        if_seq_no: 1,
        if_primary_term: 1,
        document: {
          ...running,
          run_started_at: undefined,
          status: 'failed',
          updated_at: now,
          last_failed_at: now,
          runs: 1,
          task: { params: { n: 1 }, error: 'claim expired' },
        },
      }),
    ]);
    expect(written[0].document).not.toHaveProperty('run_started_at');
  });

  it('ends canceled when a cancel was asked', async () => {
    const { es, written } = fakeEs([{ ...running, status: 'being_canceled' }]);
    await failTrackingDocument(es, 'tracking', 't1', 'claim expired', now);
    expect(written[0].document).toMatchObject({ status: 'canceled', last_canceled_at: now });
  });

  it('decides again from a fresh read when a concurrent write won', async () => {
    const completed: TrackingDocument = { ...running, status: 'completed' };
    const { es, written, mocks } = fakeEs([running, completed], [responseError(409)]);
    await failTrackingDocument(es, 'tracking', 't1', 'claim expired', now);
    expect(mocks.get).toHaveBeenCalledTimes(2);
    expect(written).toEqual([]);
  });

  it('writes nothing over a recorded outcome, nor for a task without tracking', async () => {
    for (const versions of [[{ ...running, status: 'failed' as const }], [undefined]]) {
      const { es, mocks } = fakeEs(versions);
      await failTrackingDocument(es, 'tracking', 't1', 'claim expired', now);
      expect(mocks.index).not.toHaveBeenCalled();
    }
  });

  it('lets an infrastructure error through', async () => {
    const { es } = fakeEs([running], [responseError(503)]);
    await expect(failTrackingDocument(es, 'tracking', 't1', 'x', now)).rejects.toThrow(
      'status 503'
    );
  });
});
