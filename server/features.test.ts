import { schema } from '@kbn/config-schema';
import type { PrivilegeSet } from '@kbn/core/server';
import type { FeaturesPluginSetup, KibanaFeatureConfig } from '@kbn/features-plugin/server';
import {
  backgroundTasksDispatcherFeature,
  backgroundTasksFeature,
  registerBackgroundTasksFeatures,
} from './features';
import { collectRoutes, type CollectedRoute } from './openapi/collect_routes';
import { collectBackgroundTasksRoutes } from './openapi/build_openapi_document';
import { registerTaskActionRoute } from './routes/register_task_action_route';

function registered(): KibanaFeatureConfig[] {
  const features: KibanaFeatureConfig[] = [];
  const setup: FeaturesPluginSetup = { registerKibanaFeature: (f) => void features.push(f) };
  registerBackgroundTasksFeatures(setup);
  return features;
}

/** The plugin's routes and a consumer's `registerTaskActionRoute` routes (default security). */
function allRoutes(): CollectedRoute[] {
  const consumerRoutes = collectRoutes((router) =>
    registerTaskActionRoute({
      router,
      path: '/internal/consumer/{name}/_task',
      taskType: 'consumer:task',
      paramsSchema: schema.object({}),
      getTaskId: () => 'unused',
      getTaskClient: () => Promise.reject(new Error('unused')),
      logger: {} as never,
    })
  );
  return [...collectBackgroundTasksRoutes(), ...consumerRoutes];
}

/** The privilege names a route requires (every one must be held). */
function requiredBy({ config }: CollectedRoute): string[] {
  const { authz } = config.security;
  if (!('requiredPrivileges' in authz)) return [];
  return authz.requiredPrivileges.flatMap((p: string | PrivilegeSet) =>
    typeof p === 'string' ? [p] : [...(p.allRequired ?? []), ...(p.anyRequired ?? [])]
  );
}

function granted(feature: KibanaFeatureConfig, privilege: 'all' | 'read'): Set<string> {
  const definition = feature.privileges?.[privilege];
  return new Set(definition && !definition.disabled ? definition.api : []);
}

function routesHeldWith(held: Set<string>): string[] {
  return allRoutes()
    .filter((route) => requiredBy(route).every((p) => held.has(p)))
    .map(({ method, config }) => `${method} ${config.path}`)
    .sort();
}

describe('the Kibana features of the plugin', () => {
  it('grant every privilege a route requires, so no route is left to superusers alone', () => {
    const grantable = new Set(
      registered().flatMap((f) => [...granted(f, 'all'), ...granted(f, 'read')])
    );
    const ungranted = allRoutes().flatMap((route) =>
      requiredBy(route)
        .filter((p) => !grantable.has(p))
        .map((p) => `${route.method} ${route.config.path}: ${p}`)
    );
    expect(ungranted).toEqual([]);
  });

  it('let `read` see tasks, `all` also act on them, and neither push', () => {
    expect(routesHeldWith(granted(backgroundTasksFeature, 'read'))).toEqual([
      'get /internal/background_tasks/_health',
      'get /internal/background_tasks/task_types',
      'get /internal/background_tasks/tasks',
      'get /internal/background_tasks/tasks/{id}',
      'get /internal/background_tasks/tasks/{id}/_run',
      'get /internal/consumer/{name}/_task',
    ]);
    expect(routesHeldWith(granted(backgroundTasksFeature, 'all'))).toEqual([
      'get /internal/background_tasks/_health',
      'get /internal/background_tasks/task_types',
      'get /internal/background_tasks/tasks',
      'get /internal/background_tasks/tasks/{id}',
      'get /internal/background_tasks/tasks/{id}/_run',
      'get /internal/consumer/{name}/_task',
      'post /internal/background_tasks/tasks/_bulk_schedule',
      'post /internal/background_tasks/tasks/{id}',
      'post /internal/consumer/{name}/_task',
    ]);
  });

  it('keep the push privilege to a dispatcher feature outside the base privileges, for all spaces', () => {
    expect(routesHeldWith(granted(backgroundTasksDispatcherFeature, 'all'))).toEqual([
      'post /internal/background_tasks/_run_now',
    ]);
    expect(backgroundTasksDispatcherFeature.excludeFromBasePrivileges).toBe(true);
    expect(backgroundTasksDispatcherFeature.privileges?.all.requireAllSpaces).toBe(true);
    expect(granted(backgroundTasksDispatcherFeature, 'read')).toEqual(new Set());
  });

  // Kibana's features plugin throws at setup (so Kibana does not start) on these.
  it.each(registered().map((f) => [f.id, f] as const))(
    '%s passes the checks Kibana makes when it is registered',
    (_, feature) => {
      expect(feature.id).toMatch(/^[a-zA-Z0-9_-]+$/);
      expect(['catalogue', 'management', 'navLinks']).not.toContain(feature.id);
      for (const privilege of Object.values(feature.privileges ?? {})) {
        for (const capability of privilege.ui) expect(capability).toMatch(/^[a-zA-Z0-9:_-]+$/);
        for (const app of privilege.app ?? []) expect(feature.app).toContain(app);
      }
    }
  );

  it('have ids of their own', () => {
    const ids = registered().map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
