import type { TaskCost } from '@kbn/task-manager-plugin/server';
import { configSchema } from './config';
import { TaskTypeDictionary } from './task_type_dictionary';

const createTaskRunner = () => ({ run: async () => ({ state: {} }) });

describe('TaskTypeDictionary', () => {
  it("gives Kibana's defaults and refuses duplicates", () => {
    const dictionary = new TaskTypeDictionary();
    dictionary.registerTaskDefinitions({ a: { createTaskRunner } });
    expect(dictionary.get('a')).toMatchObject({ type: 'a', timeout: '5m', cost: 2 });
    expect(() => dictionary.registerTaskDefinitions({ a: { createTaskRunner } })).toThrow(
      'Task a is already defined!'
    );
    expect(() => dictionary.ensureHas('b')).toThrow(/Unsupported task type "b"/);
  });

  it('names the bad field of an invalid definition and registers none of the batch', () => {
    const dictionary = new TaskTypeDictionary();
    expect(() =>
      dictionary.registerTaskDefinitions({
        ok: { createTaskRunner },
        bad: { createTaskRunner, timeout: '5 minutes' },
      })
    ).toThrow(/"bad": timeout "5 minutes"/);
    expect(dictionary.getAllTypes()).toEqual([]);
    expect(() =>
      dictionary.registerTaskDefinitions({ c: { createTaskRunner, cost: 3 as TaskCost } })
    ).toThrow(/cost/);
    expect(() =>
      dictionary.registerTaskDefinitions({ d: { createTaskRunner, maxAttempts: 0 } })
    ).toThrow(/maxAttempts/);
  });
});

describe('TaskTypeDictionary and maxConcurrency', () => {
  it("refuses maxConcurrency for a type not on Task Manager's allow-list, registering none", () => {
    const dictionary = new TaskTypeDictionary();
    expect(() =>
      dictionary.registerTaskDefinitions({
        ok: { createTaskRunner },
        'myPlugin:export': { createTaskRunner, maxConcurrency: 1 },
      })
    ).toThrow("maxConcurrency setting isn't allowed for task type: myPlugin:export");
    expect(dictionary.getAllTypes()).toEqual([]);
  });

  it('accepts it for an allow-listed type', () => {
    const dictionary = new TaskTypeDictionary();
    dictionary.registerTaskDefinitions({
      'report:execute': { createTaskRunner, maxConcurrency: 1 },
    });
    expect(dictionary.get('report:execute')).toMatchObject({ maxConcurrency: 1 });
  });
});

describe('configSchema', () => {
  it("defaults to Kibana's settings", () => {
    expect(configSchema.validate({})).toEqual({
      poll_interval: 500,
      capacity: 10,
      max_attempts: 3,
      index: '.kibana_task_manager',
      // off as in Kibana 9; newer Kibana claims at once after scheduling
      request_immediate_claim: false,
      unsafe: { disable_task_claiming: false, exclude_task_types: [] },
    });
  });

  it('names a bad key', () => {
    expect(() => configSchema.validate({ poll_interval: 10 })).toThrow(/poll_interval/);
    expect(() => configSchema.validate({ index: 'Bad' })).toThrow(/index/);
  });
});
