// The example plugin's server entry point.
import type { PluginInitializerContext } from '@kbn/core/server';

export async function plugin(initializerContext: PluginInitializerContext) {
  const { BackgroundTasksExamplePlugin } = await import('./plugin');
  return new BackgroundTasksExamplePlugin(initializerContext);
}

export { EXAMPLE_TASK_TYPES, exampleTaskDefinitions } from './example_task_definitions';
