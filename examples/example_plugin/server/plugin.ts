// The example plugin: registers the demo task types and one tiny validated route.
import { schema } from '@kbn/config-schema';
import type { CoreSetup, Logger, Plugin, PluginInitializerContext } from '@kbn/core/server';
import type { BackgroundTasksPluginSetup } from '../../../server';
import { exampleTaskDefinitions } from './example_task_definitions';

export interface BackgroundTasksExampleSetupDeps {
  backgroundTasks: BackgroundTasksPluginSetup;
}

export const EXAMPLE_API_BASE_PATH = '/internal/background_tasks_example';

export class BackgroundTasksExamplePlugin implements Plugin<
  void,
  void,
  BackgroundTasksExampleSetupDeps
> {
  private readonly logger: Logger;

  constructor(initializerContext: PluginInitializerContext) {
    this.logger = initializerContext.logger.get();
  }

  public setup(core: CoreSetup, { backgroundTasks }: BackgroundTasksExampleSetupDeps) {
    backgroundTasks.registerTasks(exampleTaskDefinitions, { logger: this.logger.get('tasks') });

    const router = core.http.createRouter();
    router.post(
      {
        path: `${EXAMPLE_API_BASE_PATH}/echo`,
        security: { authz: { enabled: false, reason: 'Example route: echoes its body' } },
        validate: {
          body: schema.object({
            message: schema.string({ minLength: 1, maxLength: 1000 }),
            // an integer: Array(1.5) throws a RangeError, which would answer 500
            times: schema.number({
              min: 1,
              max: 10,
              defaultValue: 1,
              validate: (times) => (Number.isInteger(times) ? undefined : 'must be an integer'),
            }),
          }),
        },
      },
      async (_context, request, response) =>
        response.ok({ body: { echo: Array(request.body.times).fill(request.body.message) } })
    );
    router.get(
      {
        path: `${EXAMPLE_API_BASE_PATH}/throw`,
        security: { authz: { enabled: false, reason: 'Example route: always throws' } },
        validate: false,
      },
      async () => {
        throw new Error('Example route failure');
      }
    );
  }

  public start() {}
}
