// Fails when the checked-in OpenAPI document no longer matches the routes: run `npm run openapi`.
import checkedIn from './background_tasks.openapi.json';
import { buildOpenApiDocument, collectBackgroundTasksRoutes } from './build_openapi_document';

describe('the OpenAPI document', () => {
  it('matches the routes’ validation schemas (regenerate with `npm run openapi`)', () => {
    expect(checkedIn).toEqual(buildOpenApiDocument());
  });

  it('documents every registered route', () => {
    const documented = checkedIn.paths as Record<string, Record<string, unknown>>;
    for (const { method, config } of collectBackgroundTasksRoutes()) {
      expect(documented[config.path]?.[method]).toBeDefined();
    }
  });

  it('would catch a changed schema', () => {
    const drifted = JSON.parse(JSON.stringify(checkedIn));
    drifted.paths['/internal/background_tasks/tasks'].get.parameters.pop();
    expect(drifted).not.toEqual(buildOpenApiDocument());
  });
});
