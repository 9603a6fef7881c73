// Encrypts registered attributes of saved objects with @elastic/node-crypto, bound to the object's identity.
import nodeCrypto, { type Crypto } from '@elastic/node-crypto';
import type { Logger, Plugin, PluginInitializerContext } from '@kbn/core/server';
import type { EncryptedSavedObjectsConfig } from '.';

/** Which object an encrypted attribute belongs to: the ciphertext is bound to it (AAD). */
export interface SavedObjectDescriptor {
  type: string;
  id: string;
  namespace?: string;
}

export interface EncryptedSavedObjectsPluginSetup {
  /** false without `xpack.encryptedSavedObjects.encryptionKey`. Kibana: same name */
  canEncrypt: boolean;
  /** Kibana: `registerType({ type, attributesToEncrypt })` */
  registerType(type: { type: string; attributesToEncrypt: ReadonlySet<string> }): void;
}

/**
 * Runtime-only: this runtime has no saved-objects service to wrap, so the store that owns the
 * documents asks for the encryption of an attribute itself (Kibana's ESO does it on `create`,
 * and decrypts in `getDecryptedAsInternalUser`).
 */
export interface EncryptedSavedObjectsPluginStart {
  encryptAttribute(descriptor: SavedObjectDescriptor, name: string, value: string): Promise<string>;
  decryptAttribute(descriptor: SavedObjectDescriptor, name: string, value: string): Promise<string>;
}

/**
 * The associated data a ciphertext is bound to: the object's identity and the attribute name,
 * so a ciphertext copied to another task does not decrypt. Kibana binds it to the descriptor
 * and the type's attributes left out of encryption (`attributesToIncludeInAAD`).
 * Kibana: x-pack/platform/plugins/shared/encrypted_saved_objects/server/crypto/encrypted_saved_objects_service.ts
 */
function associatedData({ type, id, namespace }: SavedObjectDescriptor, name: string): string {
  return JSON.stringify([namespace ?? null, type, id, name]);
}

export class EncryptedSavedObjectsPlugin implements Plugin<
  EncryptedSavedObjectsPluginSetup,
  EncryptedSavedObjectsPluginStart
> {
  private readonly logger: Logger;
  private readonly crypto?: Crypto;
  private readonly types = new Map<string, ReadonlySet<string>>();

  constructor(initializerContext: PluginInitializerContext) {
    this.logger = initializerContext.logger.get();
    const { encryptionKey } = initializerContext.config.get<EncryptedSavedObjectsConfig>();
    // Kibana: x-pack/platform/plugins/shared/encrypted_saved_objects/server/plugin.ts (nodeCrypto)
    if (encryptionKey) this.crypto = nodeCrypto({ encryptionKey });
  }

  setup(): EncryptedSavedObjectsPluginSetup {
    if (!this.crypto) {
      this.logger.warn(
        'Saved objects encryption key is not set: attributes cannot be encrypted. ' +
          'Set xpack.encryptedSavedObjects.encryptionKey (32 characters or more)'
      );
    }
    return {
      canEncrypt: this.crypto !== undefined,
      registerType: ({ type, attributesToEncrypt }) => {
        if (this.types.has(type))
          throw new Error(`The "${type}" saved object type is already registered.`);
        this.types.set(type, attributesToEncrypt);
      },
    };
  }

  start(): EncryptedSavedObjectsPluginStart {
    const cryptoFor = (descriptor: SavedObjectDescriptor, name: string): Crypto => {
      if (!this.types.get(descriptor.type)?.has(name)) {
        throw new Error(
          `Attribute "${name}" of type "${descriptor.type}" is not registered for encryption`
        );
      }
      if (!this.crypto)
        throw new Error('Unable to encrypt: xpack.encryptedSavedObjects.encryptionKey is not set');
      return this.crypto;
    };
    return {
      encryptAttribute: async (descriptor, name, value) =>
        cryptoFor(descriptor, name).encrypt(value, associatedData(descriptor, name)),
      decryptAttribute: async (descriptor, name, value) =>
        String(await cryptoFor(descriptor, name).decrypt(value, associatedData(descriptor, name))),
    };
  }
}
