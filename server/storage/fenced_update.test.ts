import type { TrackingDocument } from '../../common';
import { TaskConflictError } from '../errors';
import { fencedUpdate } from './fenced_update';
import type { TrackingStore, VersionedTrackingDocument } from './tracking_store';

const conflict = () => Object.assign(new Error('version_conflict'), { meta: { statusCode: 409 } });
const doc = (status: TrackingDocument['status']) => ({ id: 'a', status }) as TrackingDocument;

/** A store whose document another writer changes right after each of our reads, `races` times. */
function racingStore(races: number) {
  let version = 1;
  let current = doc('in_progress');
  const writes: TrackingDocument[] = [];
  const store = {
    get: jest.fn(async (): Promise<VersionedTrackingDocument> => {
      const read = { doc: current, seqNo: version, primaryTerm: 1 };
      if (races-- > 0) {
        current = doc('being_canceled');
        version++;
      }
      return read;
    }),
    replace: jest.fn(async (next: TrackingDocument, read: VersionedTrackingDocument) => {
      if (read.seqNo !== version) throw conflict();
      writes.push(next);
      current = next;
      version++;
    }),
    create: jest.fn(),
    delete: jest.fn(),
  };
  return { store: store as unknown as TrackingStore, writes, get: store.get };
}

describe('fencedUpdate', () => {
  it('decides again from a fresh read after losing a race', async () => {
    const { store, writes, get } = racingStore(1);
    const seen: string[] = [];
    const result = await fencedUpdate(
      store,
      'a',
      (current) => {
        seen.push(current!.doc.status);
        const status = current!.doc.status === 'being_canceled' ? 'canceled' : 'completed';
        return { write: { ...current!.doc, status }, result: status };
      },
      5
    );
    expect(seen).toEqual(['in_progress', 'being_canceled']);
    expect(result).toBe('canceled');
    expect(writes.map((w) => w.status)).toEqual(['canceled']);
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('gives up with a conflict error after the configured retries', async () => {
    const { store, writes } = racingStore(100);
    const attempt = fencedUpdate(
      store,
      'a',
      (current) => ({ write: current!.doc, result: undefined }),
      3
    );
    await expect(attempt).rejects.toThrow(TaskConflictError);
    expect(writes).toHaveLength(0);
  });

  it('creates with op_type create when there is no document, and writes nothing when told', async () => {
    const store = {
      get: jest.fn(async () => undefined),
      create: jest.fn(async () => undefined),
    } as unknown as TrackingStore;
    await fencedUpdate(store, 'a', () => ({ write: doc('in_progress'), result: 1 }), 1);
    expect((store as unknown as { create: jest.Mock }).create).toHaveBeenCalledTimes(1);
    await expect(fencedUpdate(store, 'a', () => ({ result: 2 }), 1)).resolves.toBe(2);
  });

  it('rethrows errors that are not conflicts', async () => {
    const store = {
      get: jest.fn(async () => undefined),
      create: jest.fn(async () => {
        throw Object.assign(new Error('unavailable'), { meta: { statusCode: 503 } });
      }),
    } as unknown as TrackingStore;
    await expect(
      fencedUpdate(store, 'a', () => ({ write: doc('in_progress'), result: 1 }), 5)
    ).rejects.toThrow('unavailable');
    expect((store as unknown as { create: jest.Mock }).create).toHaveBeenCalledTimes(1);
  });

  describe('from a known version (what the caller wrote last)', () => {
    const finish = (current: VersionedTrackingDocument | undefined) => {
      const status = current!.doc.status === 'being_canceled' ? 'canceled' : 'completed';
      return { write: { ...current!.doc, status }, result: status };
    };

    it('writes fenced by it without a read, and tells the version written', async () => {
      const { store, writes, get } = racingStore(0);
      const written = jest.fn();
      const known = { doc: doc('in_progress'), seqNo: 1, primaryTerm: 1 };
      (store.replace as jest.Mock).mockImplementationOnce(async (next: TrackingDocument) => {
        writes.push(next);
        return { doc: next, seqNo: 2, primaryTerm: 1 };
      });
      const result = await fencedUpdate(store, 'a', finish, 0, { known, onWritten: written });
      expect(result).toBe('completed');
      expect(get).not.toHaveBeenCalled();
      expect(store.replace).toHaveBeenCalledWith(expect.anything(), known);
      expect(written).toHaveBeenCalledWith({ doc: writes[0], seqNo: 2, primaryTerm: 1 });
    });

    it('reads and decides again when the document changed since (a 409), within no retries', async () => {
      const { store, writes, get } = racingStore(1);
      const stale = { doc: doc('in_progress'), seqNo: 0, primaryTerm: 1 };
      // The read after the lost write sees in_progress; the race then moves it to being_canceled.
      (get as jest.Mock).mockResolvedValueOnce({
        doc: doc('being_canceled'),
        seqNo: 1,
        primaryTerm: 1,
      });
      const result = await fencedUpdate(store, 'a', finish, 0, { known: stale });
      expect(result).toBe('canceled');
      expect(writes.map((w) => w.status)).toEqual(['canceled']);
      expect(get).toHaveBeenCalledTimes(1);
    });

    it('does not trust a decision to leave the document alone: it reads and decides again', async () => {
      const { store, get } = racingStore(0);
      const known = { doc: doc('completed'), seqNo: 0, primaryTerm: 1 };
      const seen: string[] = [];
      const result = await fencedUpdate(
        store,
        'a',
        (current) => {
          seen.push(current!.doc.status);
          return current!.doc.status === 'completed'
            ? { result: 'left alone' }
            : { write: current!.doc, result: 'written' };
        },
        0,
        { known }
      );
      expect(seen).toEqual(['completed', 'in_progress']);
      expect(result).toBe('written');
      expect(get).toHaveBeenCalledTimes(1);
    });
  });
});
