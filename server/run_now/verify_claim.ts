// Re-reads a pushed task in real time (with its tracking document, one _mget) and checks the claim.
import type { estypes } from '@elastic/elasticsearch';
import type { ConcreteTaskInstance } from '@kbn/task-manager-plugin/server';
import type { RunNowRequestBody } from '../../common/push/push_protocol';
import { documentToTaskInstance, isTaskDocument, taskDocumentId } from '../../common/task_document';
import { isOwnedBy } from '../../common/task_lifecycle';
import type { TrackingDocument } from '../../common';
import { isNotFound } from '../lib/es_errors';
import type { BufferedReader, MgetItem } from '../storage/buffered_reader';
import type { VersionedTrackingDocument } from '../storage/tracking_store';

/** The claim as this node verified it: the task, and the version its finish is fenced by. */
export interface VerifiedClaim {
  task: ConcreteTaskInstance;
  seqNo: number;
  primaryTerm: number;
}

export type ClaimVerification =
  | {
      ok: true;
      claim: VerifiedClaim;
      /** the task's tracking document, read in the same request (absent when there is none) */
      tracking?: VersionedTrackingDocument;
    }
  | { ok: false; reason: string };

export interface VerifyClaimOptions {
  /**
   * reads realtime, one try (the dispatcher waits on the answer: Elasticsearch unreachable is a
   * 503 at once); pushes verified together share one `_mget` (see BufferedReader)
   */
  reader: Pick<BufferedReader, 'mget'>;
  /** the task index */
  index: string;
  /** this node's id (Kibana `server.uuid`): a valid claim's `owner_id`, and `ownerId` `kibana:<uuid>` */
  nodeId: string;
  isRegisteredType: (type: string) => boolean;
  /**
   * The tracking index: the tracking document (`_id` = the task id, as `TaskClient.schedule`
   * writes it) is read in the same `_mget`, so the run's start need not read it again.
   * @defaultValue none: only the task is read
   */
  trackingIndex?: string;
}

/** The document of an mget item; undefined when missing; throws when it could not be read. */
function foundOf(item: MgetItem | undefined): estypes.GetGetResult<unknown> | undefined {
  if (!item) return undefined;
  if ('error' in item && item.error) {
    if (item.error.type === 'index_not_found_exception') return undefined;
    throw Object.assign(new Error(`Could not read [${item._id}]: ${item.error.reason}`), {
      name: 'ClaimReadError',
      meta: { statusCode: 503 },
    });
  }
  return 'found' in item && item.found ? item : undefined;
}

/**
 * A realtime `_mget` sees the latest write even before a refresh, so a claim taken away a moment
 * ago (released, re-claimed for another node, finished) is never mistaken for a valid one.
 * Every check must pass; the first failure is the reason the push is refused (409).
 */
export async function verifyClaim(
  body: RunNowRequestBody,
  { reader, index, nodeId, isRegisteredType, trackingIndex }: VerifyClaimOptions
): Promise<ClaimVerification> {
  const refuse = (reason: string): ClaimVerification => ({ ok: false, reason });
  if (body.claim.owner_id !== nodeId) {
    return refuse(`the claim names owner [${body.claim.owner_id}], not this node`);
  }
  if (!isRegisteredType(body.type)) {
    return refuse(`task type [${body.type}] is not registered on this node`);
  }
  let items: MgetItem[];
  try {
    // The dispatcher waits on this answer: Elasticsearch unreachable is a 503 at once.
    const docs = [{ _index: index, _id: taskDocumentId(body.id) }];
    if (trackingIndex) docs.push({ _index: trackingIndex, _id: body.id });
    items = await reader.mget(docs);
  } catch (caught) {
    if (isNotFound(caught)) return refuse(`task [${body.id}] does not exist`);
    throw caught;
  }
  const hit = foundOf(items[0]);
  if (!hit || !isTaskDocument(hit)) return refuse(`task [${body.id}] does not exist`);
  if (hit._seq_no !== body.claim.seq_no || hit._primary_term !== body.claim.primary_term) {
    return refuse(
      `task [${body.id}] is at version ${hit._seq_no}/${hit._primary_term}, ` +
        `not the claimed ${body.claim.seq_no}/${body.claim.primary_term}`
    );
  }
  const task = documentToTaskInstance(hit);
  if (task.taskType !== body.type) {
    return refuse(`task [${body.id}] is of type [${task.taskType}], not [${body.type}]`);
  }
  if (task.status !== 'running') return refuse(`task [${body.id}] is ${task.status}, not running`);
  if (!isOwnedBy(task.ownerId, nodeId)) return refuse(`task [${body.id}] is owned by another node`);
  return {
    ok: true,
    claim: { task, seqNo: body.claim.seq_no, primaryTerm: body.claim.primary_term },
    tracking: trackingOf(items[1]),
  };
}

/** A tracking read is an optimisation only: anything unexpected is read again at the start. */
function trackingOf(item: MgetItem | undefined): VersionedTrackingDocument | undefined {
  const hit = item && 'found' in item && item.found ? item : undefined;
  if (!hit?._source || hit._seq_no === undefined || hit._primary_term === undefined) return;
  return {
    doc: hit._source as TrackingDocument,
    seqNo: hit._seq_no,
    primaryTerm: hit._primary_term,
  };
}
