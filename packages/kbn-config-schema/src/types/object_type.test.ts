import { schema } from '../..';
import type { TypeOf } from '../..';

describe('schema.object', () => {
  const bodySchema = schema.object({
    ms: schema.number({ min: 0 }),
    name: schema.maybe(schema.string()),
    retries: schema.number({ defaultValue: 3 }),
    nested: schema.maybe(schema.object({ flag: schema.boolean() })),
  });

  it('names the key path and the namespace in errors', () => {
    expect(() => bodySchema.validate({ ms: 'abc' }, {}, 'request body')).toThrow(
      '[request body.ms]: expected value of type [number] but got [string]'
    );
    expect(() => bodySchema.validate({ ms: 1, nested: { flag: 'x' } })).toThrow(
      '[nested.flag]: expected value of type [boolean] but got [string]'
    );
    expect(() => bodySchema.validate({})).toThrow(
      '[ms]: expected value of type [number] but got [undefined]'
    );
    expect(() => bodySchema.validate('x')).toThrow(
      'expected a plain object value, but found [string] instead.'
    );
  });

  it('applies defaults and leaves absent optional keys undefined', () => {
    expect(bodySchema.validate({ ms: '5' })).toEqual({ ms: 5, retries: 3 });
  });

  it('forbids unknown keys by default', () => {
    expect(() => bodySchema.validate({ ms: 1, foo: 1 })).toThrow(
      '[foo]: definition for this key is missing'
    );
  });

  it('strips unknown keys with `ignore` and keeps them with `allow`', () => {
    const props = { a: schema.string() };
    expect(schema.object(props, { unknowns: 'ignore' }).validate({ a: 'x', b: 1 })).toEqual({
      a: 'x',
    });
    expect(schema.object(props, { unknowns: 'allow' }).validate({ a: 'x', b: 1 })).toEqual({
      a: 'x',
      b: 1,
    });
  });

  it('runs the custom validate function after the primary validation', () => {
    const s = schema.object(
      { from: schema.number(), to: schema.number() },
      { validate: ({ from, to }) => (from > to ? '[from] must not be after [to]' : undefined) }
    );
    expect(() => s.validate({ from: 2, to: 1 })).toThrow('[from] must not be after [to]');
  });

  it('builds the default from the children defaults when the value is absent', () => {
    const s = schema.object({ a: schema.string({ defaultValue: 'x' }) });
    expect(s.validate(undefined)).toEqual({ a: 'x' });
  });

  it('infers optional keys from maybe and required keys from defaultValue', () => {
    type Body = TypeOf<typeof bodySchema>;
    const minimal: Body = { ms: 1, retries: 3 };
    // @ts-expect-error retries has a default, so it is required in the output type
    const missingDefaulted: Body = { ms: 1 };
    const withOptional: Body = { ms: 1, retries: 3, name: 'n', nested: { flag: true } };
    expect([minimal, missingDefaulted, withOptional]).toHaveLength(3);
  });

  it('exposes the Joi schema', () => {
    expect(bodySchema.getSchema().type).toBe('object');
  });
});
