/** @jest-environment jsdom */
// The browser core: plugins set up and started in order, the URL's app mounted with core's services.
import type { CoreSetup, CoreStart, PluginInitializer } from '@kbn/core/public';
import { startBrowserCore, type InjectedMetadata } from './start_browser_core';

const metadata: InjectedMetadata = {
  version: '9.3.0',
  basePath: '/s/team-a',
  serverBasePath: '',
  appId: 'demo',
  plugins: ['first', 'second'],
};

function elements() {
  return { appRoot: document.createElement('div'), toasts: document.createElement('div') };
}

describe('startBrowserCore', () => {
  it('sets up then starts each plugin, and mounts the app of the URL once all started', async () => {
    const calls: string[] = [];
    let startServices: CoreStart | undefined;
    const pluginOf =
      (id: string, register = false): PluginInitializer<unknown, unknown> =>
      () => ({
        setup: (core: CoreSetup) => {
          calls.push(`${id} setup`);
          if (!register) return;
          core.application.register({
            id: 'demo',
            title: 'Demo',
            mount: async ({ element, appBasePath }) => {
              [startServices] = await core.getStartServices();
              calls.push(`mount ${appBasePath}`);
              element.textContent = 'mounted';
              return () => calls.push('unmount');
            },
          });
        },
        start: () => calls.push(`${id} start`),
      });
    const targets = elements();
    const core = await startBrowserCore(metadata, targets, {
      'plugin/first/public': { plugin: pluginOf('first', true) },
      'plugin/second/public': { plugin: pluginOf('second') },
    });
    expect(calls).toEqual([
      'first setup',
      'second setup',
      'first start',
      'second start',
      'mount /s/team-a/app/demo',
    ]);
    expect(targets.appRoot.textContent).toBe('mounted');
    expect(startServices?.http.basePath.get()).toBe('/s/team-a');
    expect(startServices?.application.currentAppId).toBe('demo');
    startServices?.notifications.toasts.addDanger({ title: 'Oops', text: 'it broke' });
    expect(targets.toasts.textContent).toBe('Oops: it broke');
    core.unmount?.();
    expect(calls.at(-1)).toBe('unmount');
  });

  it('says so when no plugin registered the app of the URL', async () => {
    const targets = elements();
    const noop: PluginInitializer<unknown, unknown> = () => ({ setup() {}, start() {} });
    await startBrowserCore({ ...metadata, plugins: ['first'] }, targets, {
      'plugin/first/public': { plugin: noop },
    });
    expect(targets.appRoot.textContent).toBe('Application Not Found: no app "demo" is registered.');
  });

  it('fails naming a plugin whose bundle did not load', async () => {
    await expect(startBrowserCore(metadata, elements(), {})).rejects.toThrow(
      'The bundle of plugin "first" did not load'
    );
  });
});
