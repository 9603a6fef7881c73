// `trackingStoreMock.create()`: a TrackingStore whose methods are jest mocks, for unit tests.
// Kibana: x-pack/platform/plugins/shared/task_manager/server/task_store.mock.ts
import type { TrackingDocument } from '../../common';
import type { TrackingStore, VersionedTrackingDocument } from './tracking_store';

export type TrackingStoreMock = jest.Mocked<TrackingStore>;

/** Every method a jest mock: reads find nothing, writes succeed. */
function create(): TrackingStoreMock {
  return {
    index: 'tracking',
    ensureIndex: jest.fn(async () => undefined),
    get: jest.fn(async () => undefined),
    mget: jest.fn(async () => new Map()),
    create: jest.fn(async () => undefined),
    replace: jest.fn(async () => undefined),
    delete: jest.fn(async () => undefined),
    search: jest.fn(),
    bulkTouch: jest.fn(async () => []),
    bulkPut: jest.fn(async (writes: unknown[]) => writes.map(() => ({ ok: true }))),
  } as unknown as TrackingStoreMock;
}

/** A store whose `mget` finds each id with status `statusOf(id)` (none when undefined), version 1/1. */
function answering(
  statusOf: (id: string) => TrackingDocument['status'] | undefined
): TrackingStoreMock {
  const store = create();
  store.mget.mockImplementation(async (ids: string[]) => {
    const found = new Map<string, VersionedTrackingDocument>();
    for (const id of ids) {
      const status = statusOf(id);
      if (status)
        found.set(id, { doc: { id, status } as TrackingDocument, seqNo: 1, primaryTerm: 1 });
    }
    return found;
  });
  return store;
}

export const trackingStoreMock = { create, answering };
