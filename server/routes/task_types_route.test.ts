// What the task types route answers per type: title, description, recurring, params as JSON schema.
import { schema } from '@kbn/config-schema';
import type { RegisteredTaskType } from '../types';
import { toTaskTypeInfo } from './task_types_route';

const registered = (type: string, definition: object) =>
  ({
    type,
    definition: { run: async () => undefined, ...definition },
  }) as unknown as RegisteredTaskType;

describe('toTaskTypeInfo', () => {
  it('describes the params schema: types, defaults, limits and descriptions', () => {
    const info = toTaskTypeInfo(
      registered('examples:count', {
        title: 'Count',
        description: 'Counts.',
        paramsSchema: schema.object({
          n: schema.number({ min: 0, meta: { description: 'The number to count to.' } }),
          label: schema.string({ defaultValue: 'x' }),
        }),
      })
    );
    expect(info).toEqual({
      type: 'examples:count',
      title: 'Count',
      description: 'Counts.',
      recurring: false,
      params: expect.objectContaining({
        type: 'object',
        properties: {
          n: { type: 'number', minimum: 0, description: 'The number to count to.' },
          label: { type: 'string', default: 'x' },
        },
        required: ['n'],
      }),
    });
  });

  it('falls back to the type as title, and says a type with a default schedule recurs', () => {
    expect(toTaskTypeInfo(registered('a:b', { schedule: { interval: '1m' } }))).toEqual({
      type: 'a:b',
      title: 'a:b',
      recurring: true,
    });
  });
});
