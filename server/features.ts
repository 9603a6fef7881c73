// The Kibana features that grant the routes' privileges: in Kibana a route privilege no feature
// grants is held by superusers only, so without these the page and the API would be theirs alone.
import { DEFAULT_APP_CATEGORIES } from '@kbn/core/server';
import type { FeaturesPluginSetup, KibanaFeatureConfig } from '@kbn/features-plugin/server';
import { BACKGROUND_TASKS_PRIVILEGES } from './routes/route_privileges';

export const BACKGROUND_TASKS_FEATURE_ID = 'backgroundTasks';
export const BACKGROUND_TASKS_DISPATCHER_FEATURE_ID = 'backgroundTasksDispatcher';

const noSavedObjects = { all: [], read: [] };

/**
 * Users: `read` sees task results, `all` also schedules, cancels and acknowledges. Both are part
 * of a space's base privileges, so a space's viewers and editors get them without extra setup.
 */
export const backgroundTasksFeature: KibanaFeatureConfig = {
  id: BACKGROUND_TASKS_FEATURE_ID,
  name: 'Background tasks',
  description: 'See, schedule, cancel and acknowledge the background tasks of this space.',
  category: DEFAULT_APP_CATEGORIES.management,
  app: [],
  privileges: {
    all: {
      api: [BACKGROUND_TASKS_PRIVILEGES.read, BACKGROUND_TASKS_PRIVILEGES.manage],
      savedObject: noSavedObjects,
      ui: ['show', 'manage'],
    },
    read: {
      api: [BACKGROUND_TASKS_PRIVILEGES.read],
      savedObject: noSavedObjects,
      ui: ['show'],
    },
  },
};

/**
 * The dispatcher's API key: pushing claimed tasks to `_run_now`. A feature of its own (a
 * sub-feature privilege would need a Gold license) that no base privilege includes, granted for
 * all spaces only (a push is not space-scoped), with no `read` variant.
 */
export const backgroundTasksDispatcherFeature: KibanaFeatureConfig = {
  id: BACKGROUND_TASKS_DISPATCHER_FEATURE_ID,
  name: 'Background tasks dispatcher',
  description: 'For the dispatcher only: push claimed background tasks to this Kibana to run.',
  category: DEFAULT_APP_CATEGORIES.management,
  excludeFromBasePrivileges: true,
  app: [],
  privileges: {
    all: {
      requireAllSpaces: true,
      api: [BACKGROUND_TASKS_PRIVILEGES.push],
      savedObject: noSavedObjects,
      ui: [],
    },
    read: {
      requireAllSpaces: true,
      disabled: true,
      savedObject: noSavedObjects,
      ui: [],
    },
  },
};

export function registerBackgroundTasksFeatures(features: FeaturesPluginSetup): void {
  features.registerKibanaFeature(backgroundTasksFeature);
  features.registerKibanaFeature(backgroundTasksDispatcherFeature);
}
