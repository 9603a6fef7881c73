// The settings npm start derives: one token for all, matching indices, claiming off, masked output.
import {
  dispatcherConfig,
  generatePushToken,
  hostConfig,
  maskToken,
  nodeConfig,
  systemIndices,
} from './system_config';

describe('system_config', () => {
  it('generates long, different tokens and never prints any of them', () => {
    const token = generatePushToken();
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(generatePushToken()).not.toBe(token);
    expect(maskToken(token)).not.toContain(token.slice(0, 3));
  });

  it('keeps Kibana default indices unless a prefix isolates the system', () => {
    const defaults = hostConfig('http://es:9200', 't'.repeat(32), systemIndices());
    expect(Object.keys(defaults).filter((key) => key.endsWith('index'))).toEqual([]);
    expect(dispatcherConfig('http://es:9200', 5700, systemIndices()).indices).toEqual({});
  });

  it('gives hosts and dispatcher the same indices, push on and Task Manager claiming off', () => {
    const indices = systemIndices('e2e-x');
    const host = hostConfig('http://es:9200', 'secret-token-0123456789', indices);
    expect(host).toMatchObject({
      'xpack.task_manager.unsafe.disable_task_claiming': true,
      'xpack.background_tasks.push.enabled': true,
      'xpack.background_tasks.push.token': 'secret-token-0123456789',
      'xpack.task_manager.index': 'e2e-x-tasks',
      'xpack.background_tasks.task_index': 'e2e-x-tasks',
      'xpack.background_tasks.tracking_index': 'e2e-x-tracking',
      'xpack.background_tasks.push.nodes_index': 'e2e-x-nodes',
      'xpack.background_tasks.push.dispatcher_index': 'e2e-x-dispatcher',
    });
    const dispatcher = dispatcherConfig('http://es:9200', 5799, indices);
    expect(dispatcher.indices).toEqual(indices);
    expect(dispatcher.http.public_url).toBe('http://127.0.0.1:5799');
    expect(JSON.stringify(dispatcher)).not.toContain('secret');
    expect(nodeConfig(5611)).toEqual({
      'xpack.background_tasks.push.url': 'http://localhost:5611',
    });
  });

  it('gives hosts and dispatcher every node of a cluster, and one URL as a list of one', () => {
    const nodes = ['http://127.0.0.1:9201', 'http://127.0.0.1:9202', 'http://127.0.0.1:9203'];
    expect(hostConfig(nodes, 't'.repeat(32), {})['elasticsearch.hosts']).toEqual(nodes);
    expect(dispatcherConfig(nodes, 0, {}).elasticsearch.hosts).toEqual(nodes);
    expect(dispatcherConfig('http://es:9200', 0, {}).elasticsearch.hosts).toEqual([
      'http://es:9200',
    ]);
  });
});
