// The runtime's `encryptedSavedObjects` plugin: initializer and config descriptor.
import { schema, type TypeOf } from '@kbn/config-schema';
import type { PluginConfigDescriptor, PluginInitializerContext } from '@kbn/core/server';

const configSchema = schema.object({
  /**
   * The key attributes are encrypted with, at least 32 characters. Without it nothing can be
   * encrypted: Task Manager then refuses to schedule with a request on a node with security.
   * @defaultValue none
   */
  encryptionKey: schema.maybe(schema.string({ minLength: 32 })),
});

export type EncryptedSavedObjectsConfig = TypeOf<typeof configSchema>;

export const config: PluginConfigDescriptor<EncryptedSavedObjectsConfig> = {
  schema: configSchema,
};

export async function plugin(initializerContext: PluginInitializerContext) {
  const { EncryptedSavedObjectsPlugin } = await import('./plugin');
  return new EncryptedSavedObjectsPlugin(initializerContext);
}

export type {
  EncryptedSavedObjectsPluginSetup,
  EncryptedSavedObjectsPluginStart,
  SavedObjectDescriptor,
} from './plugin';
