import type { PluginInitializerContext } from '@kbn/core/server';
import { loggerMock } from '@kbn/core/server/logging.mock';
import { EncryptedSavedObjectsPlugin } from './plugin';

function pluginWith(encryptionKey?: string) {
  const context = {
    logger: { get: () => loggerMock.create() },
    config: { get: () => ({ encryptionKey }) },
  } as unknown as PluginInitializerContext;
  return new EncryptedSavedObjectsPlugin(context);
}

describe('EncryptedSavedObjectsPlugin', () => {
  const task = { type: 'task', id: 'one' };

  it('encrypts a registered attribute so that only the same object decrypts it', async () => {
    const plugin = pluginWith('k'.repeat(32));
    const setup = plugin.setup();
    expect(setup.canEncrypt).toBe(true);
    setup.registerType({ type: 'task', attributesToEncrypt: new Set(['apiKey']) });
    const start = plugin.start();
    const encrypted = await start.encryptAttribute(task, 'apiKey', 'id:secret');
    expect(encrypted).not.toContain('secret');
    expect(await start.decryptAttribute(task, 'apiKey', encrypted)).toBe('id:secret');
    await expect(
      start.decryptAttribute({ type: 'task', id: 'other' }, 'apiKey', encrypted)
    ).rejects.toThrow();
    await expect(start.encryptAttribute(task, 'params', 'x')).rejects.toThrow('not registered');
  });

  it('cannot encrypt without a key', async () => {
    const plugin = pluginWith(undefined);
    const setup = plugin.setup();
    expect(setup.canEncrypt).toBe(false);
    setup.registerType({ type: 'task', attributesToEncrypt: new Set(['apiKey']) });
    await expect(plugin.start().encryptAttribute(task, 'apiKey', 'x')).rejects.toThrow(
      'encryptionKey is not set'
    );
  });
});
