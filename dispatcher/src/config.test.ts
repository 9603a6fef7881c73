import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseConfig, redactConfig } from './config';

const minimal = { push: { token: 'secret' } };

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('dispatcher configuration', () => {
  it('fills defaults', () => {
    const config = parseConfig(minimal);
    expect(config.poll).toEqual({ interval_ms: 500, backlog_interval_ms: 50, batch_size: 100 });
    expect(config.scope).toBe('backgroundTasks');
    expect(config.indices.tasks).toBe('.kibana_task_manager');
    expect(config.elasticsearch.hosts).toEqual(['http://127.0.0.1:9200']);
  });

  it('fills the retention sweep defaults, takes overrides from the environment, names a bad key', () => {
    expect(parseConfig(minimal).retention).toEqual({
      sweep_interval_ms: 60_000,
      batch_size: 500,
      max_batches: 20,
      failed_tasks_ms: 7 * 24 * 60 * 60 * 1000,
      archive: false,
    });
    const env = { DISPATCHER_RETENTION__SWEEP_INTERVAL_MS: '0' };
    expect(parseConfig(minimal, env).retention.sweep_interval_ms).toBe(0);
    const error = errorOf(() => parseConfig({ ...minimal, retention: { batch_size: 0 } }));
    expect(error.keys).toEqual(['retention.batch_size']);
  });

  it('names an unknown key', () => {
    const error = errorOf(() => parseConfig({ ...minimal, poll: { intervall_ms: 5 } }));
    expect(error.keys).toEqual(['poll.intervall_ms']);
    expect(error.message).toMatch(/poll\.intervall_ms.*is not allowed/);
  });

  it('names a key of the wrong type, and every bad key at once', () => {
    const error = errorOf(() =>
      parseConfig({ push: { token: 'x', timeout_ms: 'soon' }, lease: { duration_ms: -1 } })
    );
    expect(error.keys.sort()).toEqual(['lease.duration_ms', 'push.timeout_ms']);
    expect(error.message).toMatch(/push\.timeout_ms.*must be a number/);
  });

  it('requires the push token, naming the variable that can set it', () => {
    const error = errorOf(() => parseConfig({}));
    expect(error.keys).toEqual(['push.token']);
    expect(error.message).toContain('DISPATCHER_PUSH__TOKEN');
    expect(errorOf(() => parseConfig({ push: {} })).keys).toEqual(['push.token']);
  });

  it('checks the lease timings against each other', () => {
    const error = errorOf(() =>
      parseConfig({
        ...minimal,
        lease: { duration_ms: 1000, renew_interval_ms: 900, safety_margin_ms: 200 },
      })
    );
    expect(error.keys).toEqual(['lease.renew_interval_ms']);
    expect(
      errorOf(() =>
        parseConfig({ ...minimal, lease: { duration_ms: 1000, safety_margin_ms: 1000 } })
      ).keys
    ).toEqual(['lease.safety_margin_ms']);
  });

  it('takes overrides from DISPATCHER_SECTION__KEY variables, typed as YAML', () => {
    const config = parseConfig(minimal, {
      DISPATCHER_POLL__INTERVAL_MS: '250',
      DISPATCHER_ELASTICSEARCH__HOSTS: '[http://a:9200, http://b:9200]',
      DISPATCHER_PUSH__TOKEN: 'from-env',
      OTHER: 'ignored',
    });
    expect(config.poll.interval_ms).toBe(250);
    expect(config.elasticsearch.hosts).toEqual(['http://a:9200', 'http://b:9200']);
    expect(config.push.token).toBe('from-env');
  });

  it('names the key of a bad override, and that it came from the environment', () => {
    const error = errorOf(() => parseConfig(minimal, { DISPATCHER_POLL__INTERVAL_MS: 'fast' }));
    expect(error.keys).toEqual(['poll.interval_ms']);
    expect(error.message).toContain('from the environment variable DISPATCHER_POLL__INTERVAL_MS');
    const inFile = errorOf(() => parseConfig({ ...minimal, poll: { interval_ms: 'fast' } }));
    expect(inFile.message).not.toContain('environment');
  });

  it('reads a YAML file', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dispatcher-config-')), 'dispatcher.yml');
    writeFileSync(file, 'push:\n  token: t\nscope: other\n');
    expect(loadConfig(file, {}).scope).toBe('other');
    writeFileSync(file, 'push:\n  token: t\nnodes:\n  missed_heartbeats: lots\n');
    expect(errorOf(() => loadConfig(file, {})).message).toMatch(/nodes\.missed_heartbeats/);
  });

  it('never shows the token or the API key when logged', () => {
    const config = parseConfig({ push: { token: 'secret', api_key: 'a2V5OmhpZGRlbg==' } });
    expect(config.push.api_key).toBe('a2V5OmhpZGRlbg==');
    const logged = JSON.stringify(redactConfig(config));
    expect(logged).not.toContain('secret');
    expect(logged).not.toContain('a2V5OmhpZGRlbg==');
  });
});
