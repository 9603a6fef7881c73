// Reads and fenced writes of tracking documents: the only code that talks to the tracking index.
import type { estypes, TransportRequestOptions } from '@elastic/elasticsearch';
import type { ElasticsearchClient } from '@kbn/core/server';
import type { TaskProgress, TrackingDocument } from '../../common';
import { isNotFound } from '../lib/es_errors';
import { BufferedWriter, BulkItemError } from './buffered_writer';
import { ensureTrackingIndex } from './ensure_tracking_index';

/** A tracking document with the version a fenced write must present. */
export interface VersionedTrackingDocument {
  doc: TrackingDocument;
  seqNo: number;
  primaryTerm: number;
}

/** A progress signal to write, fenced by the version it was read at. */
export interface ProgressTouch {
  id: string;
  seqNo: number;
  primaryTerm: number;
  /** the run's latest report; its `at` is the signal `updated_at` takes */
  progress: TaskProgress;
}

/** A whole document to write: created when `version` is absent, else replaced at it. */
export interface TrackingPut {
  doc: TrackingDocument;
  version?: { seqNo: number; primaryTerm: number };
}

export type TrackingPutResult = { ok: true } | { ok: false; status: number; error: string };

function toVersioned(hit: {
  _source?: unknown;
  _seq_no?: number;
  _primary_term?: number;
}): VersionedTrackingDocument | undefined {
  if (!hit._source || hit._seq_no === undefined || hit._primary_term === undefined) return;
  return {
    doc: hit._source as TrackingDocument,
    seqNo: hit._seq_no,
    primaryTerm: hit._primary_term,
  };
}

/**
 * Writes do not refresh: get and mget are realtime, and only `list` (a search) sees a
 * change up to one refresh interval (1 s) late. Refreshing on every write would cost a
 * segment per write on a node running hundreds of tasks. Writes go through a BufferedWriter:
 * the runs starting or finishing together on a node share one `_bulk` (one translog fsync).
 */
export class TrackingStore {
  /** shared by the stores of one index (see `withClient`): the index is created once */
  private readonly creation: { ready?: Promise<void> };
  /** transport options of the reads (get, mget, search) */
  private readonly readOptions: TransportRequestOptions;
  private readonly writer: BufferedWriter;

  constructor(
    private readonly esClient: ElasticsearchClient,
    public readonly index: string,
    options: { creation?: { ready?: Promise<void> }; readOptions?: TransportRequestOptions } = {}
  ) {
    this.creation = options.creation ?? {};
    this.readOptions = options.readOptions ?? {};
    this.writer = new BufferedWriter(esClient);
  }

  /**
   * The same index through another client and read options, e.g. ones that fail fast on a
   * request path, while runs record their outcomes through the retrying client. Index
   * creation stays shared.
   */
  public withClient(
    esClient: ElasticsearchClient,
    readOptions: TransportRequestOptions = {}
  ): TrackingStore {
    return new TrackingStore(esClient, this.index, { creation: this.creation, readOptions });
  }

  /** Creates the index once; a failure is retried by the next call. */
  public ensureIndex(): Promise<void> {
    if (!this.creation.ready) {
      this.creation.ready = ensureTrackingIndex(this.esClient, this.index).catch(
        (error: unknown) => {
          this.creation.ready = undefined;
          throw error;
        }
      );
    }
    return this.creation.ready;
  }

  public async get(id: string): Promise<VersionedTrackingDocument | undefined> {
    await this.ensureIndex();
    try {
      return toVersioned(await this.esClient.get({ index: this.index, id }, this.readOptions));
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** One realtime read for many ids; ids without a document are absent from the map. */
  public async mget(ids: string[]): Promise<Map<string, VersionedTrackingDocument>> {
    const found = new Map<string, VersionedTrackingDocument>();
    if (ids.length === 0) return found;
    await this.ensureIndex();
    const response = await this.esClient.mget({ index: this.index, ids }, this.readOptions);
    for (const item of response.docs) {
      // A per-document error (e.g. no shard available while Elasticsearch recovers) says
      // nothing about the document: fail the whole read rather than report it as gone, which
      // the cancellation watcher would take for a deletion and cancel the run.
      if ('error' in item && item.error) {
        throw Object.assign(new Error(`Could not read task [${item._id}]: ${item.error.reason}`), {
          name: 'TrackingReadError',
        });
      }
      if ('found' in item && item.found) {
        const versioned = toVersioned(item);
        if (versioned) found.set(item._id, versioned);
      }
    }
    return found;
  }

  /**
   * Creates the document; a 409 means another writer created it first. Answers it with the
   * version written, which a later fenced write may present without reading it again.
   */
  public async create(doc: TrackingDocument): Promise<VersionedTrackingDocument> {
    await this.ensureIndex();
    const written = await this.writer.index({
      index: this.index,
      id: doc.id,
      document: doc,
      op_type: 'create',
    });
    return { doc, seqNo: written._seq_no, primaryTerm: written._primary_term };
  }

  /**
   * Replaces the document if it is still at `version`; a 409 means it changed meanwhile.
   * Answers it with the version written.
   */
  public async replace(
    doc: TrackingDocument,
    version: VersionedTrackingDocument
  ): Promise<VersionedTrackingDocument> {
    await this.ensureIndex();
    const written = await this.writer.index({
      index: this.index,
      id: doc.id,
      document: doc,
      if_seq_no: version.seqNo,
      if_primary_term: version.primaryTerm,
    });
    return { doc, seqNo: written._seq_no, primaryTerm: written._primary_term };
  }

  /** Deletes the document if it is still at `version`; a 409 means it changed meanwhile. */
  public async delete(id: string, version: VersionedTrackingDocument): Promise<void> {
    await this.ensureIndex();
    await this.writer.delete({
      index: this.index,
      id,
      if_seq_no: version.seqNo,
      if_primary_term: version.primaryTerm,
    });
  }

  /**
   * Writes many whole documents in one bulk, each fenced as `create` (none was read) or
   * `replace` (at the version read) would be. One outcome per write, in order: a lost fence is
   * `{ ok: false, status: 409 }` for that write only.
   */
  public async bulkPut(writes: TrackingPut[]): Promise<TrackingPutResult[]> {
    if (writes.length === 0) return [];
    await this.ensureIndex();
    // Through the writer like every other write: the items of one call share its `_bulk`.
    const outcomes = await Promise.allSettled(
      writes.map(({ doc, version }) =>
        this.writer.index({
          index: this.index,
          id: doc.id,
          document: doc,
          ...(version
            ? { if_seq_no: version.seqNo, if_primary_term: version.primaryTerm }
            : { op_type: 'create' as const }),
        })
      )
    );
    return outcomes.map((outcome): TrackingPutResult => {
      if (outcome.status === 'fulfilled') return { ok: true };
      const { reason } = outcome;
      // A request that failed as a whole (Elasticsearch unreachable) fails the call, as before.
      if (!(reason instanceof BulkItemError)) throw reason;
      const cause = reason.meta.body.error;
      return { ok: false, status: reason.statusCode, error: cause.reason ?? cause.type };
    });
  }

  public async search(
    query: estypes.QueryDslQueryContainer,
    { from, size }: { from: number; size: number }
  ): Promise<{ docs: TrackingDocument[]; total: number }> {
    await this.ensureIndex();
    const response = await this.esClient.search<TrackingDocument>(
      {
        index: this.index,
        query,
        from,
        size,
        sort: [{ created_at: { order: 'desc' } }, { id: { order: 'asc' } }],
        track_total_hits: true,
      },
      this.readOptions
    );
    const total = response.hits.total;
    return {
      docs: response.hits.hits.flatMap((hit) => (hit._source ? [hit._source] : [])),
      total: typeof total === 'number' ? total : (total?.value ?? 0),
    };
  }

  /**
   * Writes many progress signals in one bulk, each fenced by the version it was read at.
   * Returns the ids whose write lost a race (the document changed since the read).
   */
  public async bulkTouch(touches: ProgressTouch[]): Promise<string[]> {
    if (touches.length === 0) return [];
    await this.ensureIndex();
    const operations = touches.flatMap((touch) => [
      {
        update: {
          _index: this.index,
          _id: touch.id,
          if_seq_no: touch.seqNo,
          if_primary_term: touch.primaryTerm,
        },
      },
      { doc: { updated_at: touch.progress.at, progress: touch.progress } },
    ]);
    const response = await this.esClient.bulk({ operations });
    if (!response.errors) return [];
    const lost: string[] = [];
    for (const item of response.items) {
      const result = item.update;
      if (result?.error) {
        if (result.status !== 409) {
          throw new Error(`Progress signal for [${result._id}] failed: ${result.error.reason}`);
        }
        lost.push(result._id ?? '');
      }
    }
    return lost;
  }
}
