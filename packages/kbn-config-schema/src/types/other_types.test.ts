import { schema, ValidationError, type TypeOf } from '../..';

describe('schema types', () => {
  it('string checks length', () => {
    const s = schema.string({ minLength: 2, maxLength: 3 });
    expect(s.validate('ab')).toBe('ab');
    expect(() => s.validate('a')).toThrow(
      'value has length [1] but it must have a minimum length of [2].'
    );
    expect(() => s.validate('abcd')).toThrow(
      'value has length [4] but it must have a maximum length of [3].'
    );
    expect(() => s.validate(1)).toThrow('expected value of type [string] but got [number]');
    expect(schema.string().validate('')).toBe('');
  });

  it('string rejects the empty string when minLength is at least 1, as Kibana does', () => {
    expect(() => schema.string({ minLength: 1 }).validate('')).toThrow(
      'value has length [0] but it must have a minimum length of [1].'
    );
    expect(() => schema.string({ minLength: 3 }).validate('', {}, 'name')).toThrow(
      '[name]: value has length [0] but it must have a minimum length of [3].'
    );
    expect(schema.string({ minLength: 1 }).validate('a')).toBe('a');
    expect(schema.string({ minLength: 0 }).validate('')).toBe('');
    expect(schema.string({ maxLength: 3 }).validate('')).toBe('');
    expect(schema.maybe(schema.string({ minLength: 1 })).validate(undefined)).toBeUndefined();
    expect(() => schema.object({ a: schema.string({ minLength: 1 }) }).validate({ a: '' })).toThrow(
      '[a]: value has length [0] but it must have a minimum length of [1].'
    );
  });

  it('number checks bounds', () => {
    const s = schema.number({ min: 1, max: 5 });
    expect(() => s.validate(0)).toThrow('Value must be equal to or greater than [1].');
    expect(() => s.validate(6)).toThrow('Value must be equal to or lower than [5].');
  });

  it('literal', () => {
    expect(schema.literal('a').validate('a')).toBe('a');
    expect(() => schema.literal('a').validate('b')).toThrow('expected value to equal [a]');
  });

  it('oneOf lists the failure of every alternative', () => {
    const s = schema.oneOf([schema.literal('a'), schema.number()]);
    expect(s.validate(1)).toBe(1);
    expect(() => s.validate('b', {}, 'query')).toThrow(
      '[query]: types that failed validation:\n- [query.0]: expected value to equal [a]\n- [query.1]: expected value of type [number] but got [string]'
    );
    expect(() => s.validate(undefined)).toThrow(
      'expected at least one defined value but got [undefined]'
    );
  });

  it('oneOf is typed as the union of its alternatives', () => {
    const s = schema.oneOf([schema.literal('a'), schema.number()]);
    const values: Array<TypeOf<typeof s>> = ['a', 1];
    // @ts-expect-error 'b' is neither 'a' nor a number (fails typecheck if oneOf widened to any)
    values.push('b');
    expect(values.slice(0, 2).map((value) => s.validate(value))).toEqual(['a', 1]);
    expect(() => s.validate(values[2])).toThrow('types that failed validation');
  });

  it('nullable defaults to null', () => {
    expect(schema.nullable(schema.string()).validate(undefined)).toBeNull();
    expect(schema.nullable(schema.string()).validate('x')).toBe('x');
  });

  it('arrayOf checks items and size', () => {
    const s = schema.arrayOf(schema.number(), { minSize: 1, maxSize: 2 });
    expect(s.validate(['1'])).toEqual([1]);
    expect(() => s.validate([1, 'x'])).toThrow(
      '[1]: expected value of type [number] but got [string]'
    );
    expect(() => s.validate([])).toThrow('array size is [0], but cannot be smaller than [1]');
    expect(() => s.validate([1, 2, 3])).toThrow(
      'array size is [3], but cannot be greater than [2]'
    );
    expect(() => s.validate('x')).toThrow('expected value of type [array] but got [string]');
  });

  it('recordOf checks keys and values', () => {
    const s = schema.recordOf(schema.string({ maxLength: 2 }), schema.number());
    expect(s.validate({ ab: 1 })).toEqual({ ab: 1 });
    expect(() => s.validate({ ab: 'x' })).toThrow(
      '[ab]: expected value of type [number] but got [string]'
    );
    expect(() => s.validate({ abc: 1 })).toThrow(
      '[key("abc")]: value has length [3] but it must have a maximum length of [2].'
    );
  });

  it('maybe accepts undefined', () => {
    expect(schema.maybe(schema.string()).validate(undefined)).toBeUndefined();
  });

  it('throws ValidationError', () => {
    expect(() => schema.boolean().validate('nope')).toThrow(ValidationError);
  });

  it('uri', () => {
    expect(schema.uri({ scheme: ['http', 'https'] }).validate('http://a.b/c')).toBe('http://a.b/c');
    expect(() => schema.uri().validate('not a uri')).toThrow(
      'value must be a valid URI (see RFC 3986).'
    );
  });

  it('any', () => {
    expect(schema.any().validate({ x: 1 })).toEqual({ x: 1 });
    expect(() => schema.any().validate(undefined)).toThrow(
      'expected value of type [any] but got [undefined]'
    );
  });
});
