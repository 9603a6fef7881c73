// Coalesces concurrent single-document writes into one `_bulk`, answering each caller its own item.
// Mirrors Kibana's x-pack/platform/plugins/shared/task_manager/server/lib/bulk_operation_buffer.ts
import type { estypes } from '@elastic/elasticsearch';
import type { ElasticsearchClient } from '@kbn/core/server';

/** A fence a write may carry: it fails with a 409 when the document moved on since. */
interface WriteFence {
  if_seq_no?: number;
  if_primary_term?: number;
}

interface Target extends WriteFence {
  index: string;
  id: string;
}

export interface BufferedIndexParams<TDocument = unknown> extends Target {
  document: TDocument;
  /** `create` fails with a 409 when the document exists */
  op_type?: 'create' | 'index';
}

export interface BufferedUpdateParams<TDoc = unknown> extends Target {
  /** merged into the stored `_source` */
  doc: TDoc;
}

export type BufferedDeleteParams = Target;

/** One item's answer, shaped like the single-document APIs' responses. */
export interface BufferedWriteResponse {
  _index: string;
  _id: string;
  result?: string;
  _seq_no: number;
  _primary_term: number;
}

/**
 * One item of a flushed `_bulk` that Elasticsearch refused. `statusCode` and `meta.statusCode`
 * carry the item's status as the client's `ResponseError` does, so a 409 reads as the version
 * conflict it is (`isVersionConflict`) and a 404 as not found.
 */
export class BulkItemError extends Error {
  public readonly statusCode: number;
  public readonly meta: { statusCode: number; body: { error: estypes.ErrorCause } };

  constructor(status: number, cause: estypes.ErrorCause) {
    super(`${cause.type}: ${cause.reason ?? 'no reason given'}`);
    this.name = 'BulkItemError';
    this.statusCode = status;
    this.meta = { statusCode: status, body: { error: cause } };
  }
}

export interface BufferedWriterOptions {
  /**
   * A flush is sent as soon as this many writes wait, without waiting for the next tick.
   * @defaultValue 500 (writes)
   */
  maxOperations?: number;
}

interface Pending {
  lines: object[];
  resolve: (response: BufferedWriteResponse) => void;
  reject: (error: unknown) => void;
}

const DEFAULT_MAX_OPERATIONS = 500;

/**
 * Elasticsearch fsyncs its translog once per write request: every write that waits a tick and
 * joins others costs a share of one fsync instead of one of its own. Writes made in the same
 * tick (concurrent runs starting or finishing together) go in one `_bulk`, flushed on the next
 * tick (`setImmediate`) or at `maxOperations`; an idle node's lone write waits for nothing but
 * the tick. Each caller gets its own item's outcome: a lost fence rejects only its caller, with
 * a `BulkItemError` of status 409. A request that fails as a whole (Elasticsearch unreachable)
 * rejects every write of that flush with its error. Writes to one document in one flush are
 * applied in the order they were made, as Elasticsearch applies a bulk's items.
 */
export class BufferedWriter {
  private pending: Pending[] = [];
  private scheduled?: NodeJS.Immediate;
  private readonly maxOperations: number;

  constructor(
    private readonly esClient: Pick<ElasticsearchClient, 'bulk' | 'transport'>,
    { maxOperations = DEFAULT_MAX_OPERATIONS }: BufferedWriterOptions = {}
  ) {
    this.maxOperations = Math.max(1, maxOperations);
  }

  /** Indexes (or, with `op_type: 'create'`, creates) a whole document. */
  public index<TDocument>(params: BufferedIndexParams<TDocument>): Promise<BufferedWriteResponse> {
    const action = params.op_type === 'create' ? 'create' : 'index';
    return this.enqueue([{ [action]: actionOf(params) }, params.document as object]);
  }

  /** A partial update: `doc` is merged into the stored `_source`. */
  public update<TDoc>(params: BufferedUpdateParams<TDoc>): Promise<BufferedWriteResponse> {
    return this.enqueue([{ update: actionOf(params) }, { doc: params.doc }]);
  }

  public delete(params: BufferedDeleteParams): Promise<BufferedWriteResponse> {
    return this.enqueue([{ delete: actionOf(params) }]);
  }

  /** Sends what waits now (e.g. before a shutdown); the writes' promises answer as usual. */
  public flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) void this.send(batch);
  }

  private enqueue(lines: object[]): Promise<BufferedWriteResponse> {
    return new Promise((resolve, reject) => {
      this.pending.push({ lines, resolve, reject });
      if (this.pending.length >= this.maxOperations) this.flush();
      else this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  private async send(batch: Pending[]): Promise<void> {
    let response: estypes.BulkResponse;
    try {
      response = await this.esClient.bulk({ operations: batch.flatMap(({ lines }) => lines) });
    } catch (caught) {
      for (const { reject } of batch) reject(caught);
      return;
    }
    batch.forEach(({ resolve, reject }, position) => {
      const item = itemResult(response.items[position]);
      if (!item) reject(new Error(`The bulk response has no item ${position}`));
      else if (item.error) reject(new BulkItemError(item.status, item.error));
      else resolve(toResponse(item));
    });
  }
}

function actionOf({ index, id, if_seq_no, if_primary_term }: Target): object {
  const fence = if_seq_no === undefined ? {} : { if_seq_no, if_primary_term };
  return { _index: index, _id: id, ...fence };
}

/** An item holds one key, its action's name (`index`, `create`, `update` or `delete`). */
function itemResult(
  item: Partial<Record<estypes.BulkOperationType, estypes.BulkResponseItem>> | undefined
): estypes.BulkResponseItem | undefined {
  return item ? Object.values(item)[0] : undefined;
}

function toResponse(item: estypes.BulkResponseItem): BufferedWriteResponse {
  return {
    _index: item._index,
    _id: item._id ?? '',
    result: item.result,
    _seq_no: item._seq_no as number,
    _primary_term: item._primary_term as number,
  };
}
