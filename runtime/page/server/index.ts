// Server entry of the runtime-only page plugin: the initializer the runtime host calls.
import type { PluginInitializerContext } from '@kbn/core/server';
import { BackgroundTasksPagePlugin } from './plugin';

export async function plugin(initializerContext: PluginInitializerContext) {
  return new BackgroundTasksPagePlugin(initializerContext);
}
