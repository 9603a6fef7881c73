// The `ownerId` of a claimed task: `kibana:<server uuid>`, as Kibana's Task Manager writes it.
// Kibana: x-pack/platform/plugins/shared/task_manager/server/task_store.ts (taskManagerId)

const OWNER_ID_PREFIX = 'kibana:';

/** The `ownerId` a claim for the node with server uuid `nodeUuid` writes. */
export function toOwnerId(nodeUuid: string): string {
  return `${OWNER_ID_PREFIX}${nodeUuid}`;
}

/** The node uuid of a stored `ownerId` (a bare id, from before the prefix, is returned as is). */
export function nodeUuidOf(ownerId: string): string {
  return ownerId.startsWith(OWNER_ID_PREFIX) ? ownerId.slice(OWNER_ID_PREFIX.length) : ownerId;
}

/** Whether a stored `ownerId` names the node with server uuid `nodeUuid`. */
export function isOwnedBy(ownerId: string | null | undefined, nodeUuid: string): boolean {
  return ownerId === toOwnerId(nodeUuid);
}
