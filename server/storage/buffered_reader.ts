// Coalesces concurrent realtime `_mget`s into one, answering each caller its own documents.
import type { estypes, TransportRequestOptions } from '@elastic/elasticsearch';
import type { ElasticsearchClient } from '@kbn/core/server';

/** A document to read: its index and `_id`. */
export interface DocumentRef {
  _index: string;
  _id: string;
}

export type MgetItem = estypes.MgetResponseItem<unknown>;

interface Waiting {
  docs: DocumentRef[];
  resolve: (items: MgetItem[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Reads go out as one realtime `_mget` per tick (`setImmediate`), and while one is in flight
 * the reads made meanwhile wait for its answer and then go out together: pushes that reach a
 * busy node verify their claims in one request, not one each (each request costs a round trip
 * and, on both sides, its own socket writes). A lone read on an idle node waits for nothing but
 * the tick. A request that fails as a whole rejects every read of it; an item's own error is
 * that item's answer.
 */
export class BufferedReader {
  private waiting: Waiting[] = [];
  /** `_mget`s sent and not answered yet */
  private inFlight = 0;
  private flushQueued = false;

  /**
   * @param maxDocs - documents per `_mget`; more waiting go out in another request at once.
   * @defaultValue 1000
   */
  constructor(
    private readonly esClient: ElasticsearchClient,
    private readonly transportOptions: TransportRequestOptions = {},
    private readonly maxDocs = 1000
  ) {}

  /** The documents' `_mget` items, in the order asked. */
  public mget(docs: DocumentRef[]): Promise<MgetItem[]> {
    return new Promise<MgetItem[]>((resolve, reject) => {
      this.waiting.push({ docs, resolve, reject });
      if (this.inFlight > 0 || this.flushQueued) return;
      this.flushQueued = true;
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    this.flushQueued = false;
    if (this.waiting.length === 0) return;
    const all = this.waiting;
    this.waiting = [];
    let batch: Waiting[] = [];
    let size = 0;
    for (const read of all) {
      if (size > 0 && size + read.docs.length > this.maxDocs) {
        this.send(batch);
        [batch, size] = [[], 0];
      }
      batch.push(read);
      size += read.docs.length;
    }
    if (batch.length > 0) this.send(batch);
  }

  private send(batch: Waiting[]): void {
    const docs = batch.flatMap((read) => read.docs);
    this.inFlight++;
    void this.esClient
      .mget({ docs, realtime: true }, this.transportOptions)
      .then(
        (response) => {
          let from = 0;
          for (const read of batch) {
            read.resolve(response.docs.slice(from, from + read.docs.length));
            from += read.docs.length;
          }
        },
        (error: unknown) => batch.forEach((read) => read.reject(error))
      )
      .finally(() => {
        // the reads made meanwhile go out together, now
        if (--this.inFlight === 0) this.flush();
      });
  }
}
