import { orderPlugins } from './order_plugins';
import type { PluginManifest } from './read_manifest';

const manifest = (
  id: string,
  requiredPlugins: string[] = [],
  optionalPlugins: string[] = []
): PluginManifest => ({
  id,
  dir: `/plugins/${id}`,
  configPath: [id],
  requiredPlugins,
  optionalPlugins,
  server: true,
  browser: false,
});

const ids = (manifests: PluginManifest[]) => manifests.map((m) => m.id);

describe('orderPlugins', () => {
  it('puts every plugin after its required and optional dependencies', () => {
    const ordered = orderPlugins([
      manifest('backgroundTasks', ['taskManager'], ['spaces']),
      manifest('example', ['backgroundTasks']),
      manifest('spaces'),
      manifest('taskManager'),
    ]);
    expect(ids(ordered)).toEqual(['spaces', 'taskManager', 'backgroundTasks', 'example']);
  });

  it('keeps discovery order among independent plugins', () => {
    expect(ids(orderPlugins([manifest('b'), manifest('a'), manifest('c')]))).toEqual([
      'b',
      'a',
      'c',
    ]);
  });

  it('ignores optional plugins that are not installed', () => {
    expect(ids(orderPlugins([manifest('a', [], ['spaces'])]))).toEqual(['a']);
  });

  it('names a missing required plugin and who needs it', () => {
    expect(() => orderPlugins([manifest('a', ['taskManager'])])).toThrow(
      'Missing required plugins: "a" requires "taskManager"'
    );
  });

  it('names the plugins of a cycle', () => {
    expect(() =>
      orderPlugins([
        manifest('free'),
        manifest('a', ['b']),
        manifest('b', ['c']),
        manifest('c', [], ['a']),
      ])
    ).toThrow('Plugins depend on each other in a cycle: a -> b -> c -> a');
  });
});
