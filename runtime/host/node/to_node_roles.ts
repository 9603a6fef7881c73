// Maps the `node.roles` setting to the NodeRoles flags plugins receive.
import type { NodeRoles } from '@kbn/core/server';

export function toNodeRoles(roles: readonly string[]): NodeRoles {
  const all = roles.includes('*');
  return {
    backgroundTasks: all || roles.includes('background_tasks'),
    ui: all || roles.includes('ui'),
    migrator: all || roles.includes('migrator'),
  };
}
