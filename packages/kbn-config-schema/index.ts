// Mirrors src/platform/packages/shared/kbn-config-schema/index.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import type {
  ArrayOptions,
  NumberOptions,
  ObjectTypeOptions,
  Props,
  NullableProps,
  RecordOfOptions,
  StringOptions,
  TypeOf,
  TypeOptions,
  URIOptions,
  UnionTypeOptions,
} from './src/types';
import {
  AnyType,
  ArrayType,
  BooleanType,
  LiteralType,
  MaybeType,
  NumberType,
  ObjectType,
  RecordOfType,
  StringType,
  Type,
  UnionType,
  URIType,
} from './src/types';

export type { AnyType, TypeOf, Props, NullableProps };
export { ObjectType, Type };
export type { SchemaValidationOptions } from './src/types';
export { SchemaTypeError, ValidationError } from './src/errors';

// Not mirrored (not used by this project): buffer, stream, byteSize, duration (needs moment),
// ip, mapOf, conditional, contextRef, siblingRef, lazy, never, allOf, discriminatedUnion,
// intersection.

function any(options?: TypeOptions<any>) {
  return new AnyType(options);
}

function boolean(options?: TypeOptions<boolean>): Type<boolean> {
  return new BooleanType(options);
}

function string(options?: StringOptions): Type<string> {
  return new StringType(options);
}

function uri(options?: URIOptions): Type<string> {
  return new URIType(options);
}

function literal<T extends string | number | boolean | null>(value: T): Type<T> {
  return new LiteralType(value);
}

function number(options?: NumberOptions): Type<number> {
  return new NumberType(options);
}

/**
 * Create an optional type
 */
function maybe<V>(type: Type<V>): Type<V | undefined> {
  return new MaybeType(type);
}

function nullable<V>(type: Type<V>): Type<V | null> {
  return schema.oneOf([type, schema.literal(null)], { defaultValue: null });
}

function object<P extends Props>(props: P, options?: ObjectTypeOptions<P>): ObjectType<P> {
  return new ObjectType(props, options);
}

function arrayOf<T>(itemType: Type<T>, options?: ArrayOptions<T>): Type<T[]> {
  return new ArrayType(itemType, options);
}

function recordOf<K extends string, V>(
  keyType: Type<K>,
  valueType: Type<V>,
  options?: RecordOfOptions<K, V>
): Type<Record<K, V>> {
  return new RecordOfType(keyType, valueType, options);
}

/**
 * A value of any one of `types`, typed as the union of theirs. Kibana declares this as 17
 * overloads (one to seventeen types); one variadic signature gives callers the same types.
 */
function oneOf<TS extends [Type<any>, ...Array<Type<any>>]>(
  types: [...TS],
  options?: UnionTypeOptions<TS[number]['type']>
): Type<TS[number]['type']> {
  return new UnionType(types, options);
}

export const schema = {
  any,
  arrayOf,
  boolean,
  literal,
  maybe,
  nullable,
  number,
  object,
  oneOf,
  recordOf,
  string,
  uri,
};

export type Schema = typeof schema;
