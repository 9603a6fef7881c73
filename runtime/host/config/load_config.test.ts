import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load_config';

describe('loadConfig', () => {
  let dir: string;
  let file: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'load-config-'));
    file = join(dir, 'kibana.yml');
    await writeFile(
      file,
      [
        'server.port: 5601',
        'server:',
        '  host: localhost',
        'xpack.task_manager.poll_interval: 500',
        'node.roles: [background_tasks, ui]',
      ].join('\n')
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('expands dotted YAML keys and merges them with nested ones', () => {
    expect(loadConfig({ file, env: {} })).toEqual({
      server: { port: 5601, host: 'localhost' },
      xpack: { task_manager: { poll_interval: 500 } },
      node: { roles: ['background_tasks', 'ui'] },
    });
  });

  it('applies file < KBN_CONFIG < KBN_<key> < programmatic overrides', () => {
    const config = loadConfig({
      file,
      env: {
        KBN_CONFIG: '{"server.port": 1000, "server": {"name": "json"}}',
        'KBN_server.port': '2000',
        KBN_xpack__task_manager__poll_interval: '"fast"',
        KBN_node__roles: '["ui"]',
        OTHER: 'ignored',
      },
      overrides: { 'server.name': 'override' },
    });
    expect(config).toEqual({
      server: { port: 2000, host: 'localhost', name: 'override' },
      xpack: { task_manager: { poll_interval: 'fast' } },
      node: { roles: ['ui'] },
    });
  });

  it('keeps a non-JSON environment value as a string', () => {
    expect(loadConfig({ env: { 'KBN_elasticsearch.hosts': 'http://es:9200' } })).toEqual({
      elasticsearch: { hosts: 'http://es:9200' },
    });
  });

  it('names the file when it is missing or not a mapping', async () => {
    expect(() => loadConfig({ file: join(dir, 'absent.yml'), env: {} })).toThrow(/absent\.yml/);
    const list = join(dir, 'list.yml');
    await writeFile(list, '- a\n- b\n');
    expect(() => loadConfig({ file: list, env: {} })).toThrow(/must hold a YAML mapping/);
  });

  it('refuses a KBN_CONFIG that is not a JSON object', () => {
    expect(() => loadConfig({ env: { KBN_CONFIG: '[1]' } })).toThrow(
      /KBN_CONFIG must hold a JSON object/
    );
  });
});
