// The runtime's `spaces` plugin: initializer and config descriptor, as Kibana plugins export them.
import { schema } from '@kbn/config-schema';
import type { PluginConfigDescriptor, PluginInitializerContext } from '@kbn/core/server';

export const config: PluginConfigDescriptor = {
  schema: schema.object({
    /** accepted for compatibility with Kibana's setting; this plugin cannot be disabled. @defaultValue true */
    enabled: schema.boolean({ defaultValue: true }),
  }),
};

export async function plugin(initializerContext: PluginInitializerContext) {
  const { SpacesPlugin } = await import('./plugin');
  return new SpacesPlugin(initializerContext);
}
