// The features registered during setup, refused at registration on the mistakes Kibana refuses
// (Kibana then fails to start, so a plugin that passes here does not break a real Kibana there).
import type { KibanaFeatureConfig } from '@kbn/features-plugin/server';

const FEATURE_ID = /^[a-zA-Z0-9_-]+$/;
const UI_CAPABILITY = /^[a-zA-Z0-9:_-]+$/;
const PROHIBITED_IDS = new Set(['catalogue', 'management', 'navLinks']);

function check(feature: KibanaFeatureConfig): void {
  const { id } = feature;
  if (!FEATURE_ID.test(id)) throw new Error(`Feature id [${id}] does not satisfy ${FEATURE_ID}`);
  if (PROHIBITED_IDS.has(id)) throw new Error(`Feature id [${id}] is not allowed`);
  const apps = new Set(feature.app);
  const grantedApps = new Set<string>();
  for (const [name, privilege] of Object.entries(feature.privileges ?? {})) {
    for (const app of privilege.app ?? []) {
      if (!apps.has(app)) {
        throw new Error(`Feature privilege ${id}.${name} has unknown app entries: ${app}`);
      }
      grantedApps.add(app);
    }
    for (const capability of privilege.ui) {
      if (!UI_CAPABILITY.test(capability)) {
        throw new Error(
          `Feature privilege ${id}.${name} UI capability [${capability}] does not satisfy ${UI_CAPABILITY}`
        );
      }
    }
  }
  const ungranted = [...apps].filter((app) => !grantedApps.has(app));
  if (feature.privileges && ungranted.length > 0) {
    throw new Error(
      `Feature ${id} specifies app entries which are not granted to any privileges: ${ungranted.join(',')}`
    );
  }
}

export class FeatureRegistry {
  private readonly features = new Map<string, KibanaFeatureConfig>();
  private locked = false;

  register(feature: KibanaFeatureConfig): void {
    if (this.locked) {
      throw new Error(`Features are registered during setup; [${feature.id}] came after it`);
    }
    if (this.features.has(feature.id)) {
      throw new Error(`Feature with id ${feature.id} is already registered.`);
    }
    check(feature);
    this.features.set(feature.id, structuredClone(feature));
  }

  /** Ends registration (at start), as Kibana's registry does. */
  lock(): void {
    this.locked = true;
  }

  getAll(): KibanaFeatureConfig[] {
    return [...this.features.values()];
  }
}
