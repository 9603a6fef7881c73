// startNodes: hosts as child processes, each with its own id, stopped or killed on demand.
import { getEsUrl } from '../../../test_helpers/elasticsearch';
import { startNodes } from '../cluster';
import type { NodeHandle } from '../cluster';
import { FIXTURE_PLUGINS } from './start_fixture_host';

describe('startNodes', () => {
  let nodes: NodeHandle[] = [];

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.kill()));
  });

  it('starts two hosts with different ids, each answering /api/status', async () => {
    nodes = await startNodes({
      count: 2,
      esUrl: getEsUrl(),
      config: { 'plugins.defaults': false, 'plugins.paths': FIXTURE_PLUGINS },
    });
    expect(nodes).toHaveLength(2);
    expect(nodes[0].uuid).not.toBe(nodes[1].uuid);
    expect(nodes[0].url).not.toBe(nodes[1].url);
    for (const node of nodes) {
      const body = (await (await fetch(`${node.url}/api/status`)).json()) as { uuid: string };
      expect(body.uuid).toBe(node.uuid);
      // its output is kept to explain failures: here, the line announcing it is ready
      expect(node.recentOutput().join('\n')).toContain(`Host ${node.uuid} ready at ${node.url}`);
    }
  });

  it('stops one host gracefully and kills the other', async () => {
    const [graceful, crashed] = nodes;
    await graceful.stop();
    await crashed.kill();
    for (const node of nodes) {
      await expect(fetch(`${node.url}/api/status`)).rejects.toThrow();
    }
  });

  it('reports a host that cannot start, with its output', async () => {
    const started = startNodes({
      count: 1,
      esUrl: getEsUrl(),
      config: { 'plugins.defaults': false, 'server.host': 42 },
    });
    // Should it start after all, stop it so the test run does not keep a host behind.
    started.then((extra) => Promise.all(extra.map((node) => node.kill()))).catch(() => undefined);
    await expect(started).rejects.toThrow(/Host failed to start: .*\[server\.host\]/s);
  });
});
