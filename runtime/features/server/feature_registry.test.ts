import type { KibanaFeatureConfig } from '@kbn/features-plugin/server';
import { FeatureRegistry } from './feature_registry';

function feature(overrides: Partial<KibanaFeatureConfig> = {}): KibanaFeatureConfig {
  const privilege = { api: ['x_read'], savedObject: { all: [], read: [] }, ui: ['show'] };
  return {
    id: 'myFeature',
    name: 'My feature',
    category: { id: 'management', label: 'Management' },
    app: [],
    privileges: { all: privilege, read: privilege },
    ...overrides,
  };
}

describe('FeatureRegistry', () => {
  it('keeps a copy of each registered feature', () => {
    const registry = new FeatureRegistry();
    const registered = feature();
    registry.register(registered);
    registered.name = 'changed afterwards';
    expect(registry.getAll()).toEqual([feature()]);
  });

  it('refuses what Kibana refuses at setup, naming the feature', () => {
    const registry = new FeatureRegistry();
    registry.register(feature());
    expect(() => registry.register(feature())).toThrow(
      'Feature with id myFeature is already registered.'
    );
    expect(() => registry.register(feature({ id: 'my feature' }))).toThrow(
      'Feature id [my feature] does not satisfy'
    );
    expect(() => registry.register(feature({ id: 'navLinks' }))).toThrow('is not allowed');
    const withApp = (app: string[], granted: string[]) =>
      feature({
        id: 'apps',
        app,
        privileges: {
          all: { app: granted, savedObject: { all: [], read: [] }, ui: [] },
          read: { savedObject: { all: [], read: [] }, ui: [] },
        },
      });
    expect(() => registry.register(withApp([], ['other']))).toThrow(
      'Feature privilege apps.all has unknown app entries: other'
    );
    expect(() => registry.register(withApp(['mine'], []))).toThrow(
      'Feature apps specifies app entries which are not granted to any privileges: mine'
    );
    expect(() =>
      registry.register(
        feature({
          id: 'badUi',
          privileges: {
            all: { savedObject: { all: [], read: [] }, ui: ['show it'] },
            read: { savedObject: { all: [], read: [] }, ui: [] },
          },
        })
      )
    ).toThrow('Feature privilege badUi.all UI capability [show it] does not satisfy');
    expect(registry.getAll().map((f) => f.id)).toEqual(['myFeature']);
  });

  it('refuses registrations once started', () => {
    const registry = new FeatureRegistry();
    registry.lock();
    expect(() => registry.register(feature())).toThrow('registered during setup');
  });
});
