// Orders plugins so each comes after the plugins it requires or optionally uses.
import type { PluginManifest } from './read_manifest';

/** Start-up cannot continue: a required plugin is missing or plugins depend on each other in a cycle. */
export class PluginDependencyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PluginDependencyError';
  }
}

function checkRequired(manifests: PluginManifest[], ids: Set<string>): void {
  const missing = manifests.flatMap((manifest) =>
    manifest.requiredPlugins
      .filter((dependency) => !ids.has(dependency))
      .map((dependency) => `"${manifest.id}" requires "${dependency}"`)
  );
  if (missing.length > 0) {
    throw new PluginDependencyError(
      `Missing required plugins: ${missing.join('; ')} (discovered plugins: ${[...ids].join(', ')})`
    );
  }
}

function findCycle(pending: Map<string, string[]>): string[] {
  // Walk dependencies among the plugins left over; every one of them is on or leads to a cycle.
  const start = pending.keys().next().value as string;
  const path: string[] = [];
  let current = start;
  while (!path.includes(current)) {
    path.push(current);
    current = (pending.get(current) ?? []).find((dependency) => pending.has(dependency)) ?? start;
  }
  return [...path.slice(path.indexOf(current)), current];
}

/**
 * A topological order (Kahn), stable in discovery order among plugins that are ready at the
 * same time. Optional dependencies that are not installed are ignored.
 */
export function orderPlugins(manifests: PluginManifest[]): PluginManifest[] {
  const ids = new Set(manifests.map((manifest) => manifest.id));
  checkRequired(manifests, ids);
  const pending = new Map(
    manifests.map((manifest) => [
      manifest.id,
      [...manifest.requiredPlugins, ...manifest.optionalPlugins].filter((id) => ids.has(id)),
    ])
  );
  const byId = new Map(manifests.map((manifest) => [manifest.id, manifest]));
  const ordered: PluginManifest[] = [];
  while (pending.size > 0) {
    const ready = [...pending.keys()].filter((id) =>
      (pending.get(id) ?? []).every((dependency) => !pending.has(dependency))
    );
    if (ready.length === 0) {
      throw new PluginDependencyError(
        `Plugins depend on each other in a cycle: ${findCycle(pending).join(' -> ')}`
      );
    }
    for (const id of ready) {
      pending.delete(id);
      ordered.push(byId.get(id) as PluginManifest);
    }
  }
  return ordered;
}
