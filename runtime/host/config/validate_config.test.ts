import { schema } from '@kbn/config-schema';
import { validateConfig } from './validate_config';

const context = { dev: false, prod: true, dist: false, serverless: false, version: '9.3.0' };
const sections = [
  { path: ['server'], schema: schema.object({ port: schema.number({ defaultValue: 5601 }) }) },
  {
    path: ['xpack', 'task_manager'],
    schema: schema.object({ poll_interval: schema.number({ defaultValue: 500 }) }),
  },
];

describe('validateConfig', () => {
  it('returns every section validated, with defaults, keyed by its dotted path', () => {
    const values = validateConfig({ server: { port: 1 } }, sections, context);
    expect(values.get('server')).toEqual({ port: 1 });
    expect(values.get('xpack.task_manager')).toEqual({ poll_interval: 500 });
  });

  it('names the full key of a wrong value', () => {
    expect(() =>
      validateConfig({ xpack: { task_manager: { poll_interval: 'often' } } }, sections, context)
    ).toThrow(
      '[xpack.task_manager.poll_interval]: expected value of type [number] but got [string]'
    );
  });

  it('names keys no section declares, and lists every problem at once', () => {
    expect(() =>
      validateConfig({ servr: { port: 1 }, xpack: { other: { a: 1 } } }, sections, context)
    ).toThrow(/\[servr\.port\]: unknown configuration key[\s\S]*\[xpack\.other\.a\]: unknown/);
  });
});
