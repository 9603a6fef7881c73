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

function oneOf<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q>(
  types: [
    Type<A>,
    Type<B>,
    Type<C>,
    Type<D>,
    Type<E>,
    Type<F>,
    Type<G>,
    Type<H>,
    Type<I>,
    Type<J>,
    Type<K>,
    Type<L>,
    Type<M>,
    Type<N>,
    Type<O>,
    Type<P>,
    Type<Q>,
  ],
  options?: UnionTypeOptions<A | B | C | D | E | F | G | H | I | J | K | L | M | N | O | P | Q>
): Type<A | B | C | D | E | F | G | H | I | J | K | L | M | N | O | P | Q>;
function oneOf<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P>(
  types: [
    Type<A>,
    Type<B>,
    Type<C>,
    Type<D>,
    Type<E>,
    Type<F>,
    Type<G>,
    Type<H>,
    Type<I>,
    Type<J>,
    Type<K>,
    Type<L>,
    Type<M>,
    Type<N>,
    Type<O>,
    Type<P>,
  ],
  options?: UnionTypeOptions<A | B | C | D | E | F | G | H | I | J | K | L | M | N | O | P>
): Type<A | B | C | D | E | F | G | H | I | J | K | L | M | N | O | P>;
function oneOf<A, B, C, D, E, F, G, H, I, J, K, L, M, N, O>(
  types: [
    Type<A>,
    Type<B>,
    Type<C>,
    Type<D>,
    Type<E>,
    Type<F>,
    Type<G>,
    Type<H>,
    Type<I>,
    Type<J>,
    Type<K>,
    Type<L>,
    Type<M>,
    Type<N>,
    Type<O>,
  ],
  options?: UnionTypeOptions<A | B | C | D | E | F | G | H | I | J | K | L | M | N | O>
): Type<A | B | C | D | E | F | G | H | I | J | K | L | M | N | O>;
function oneOf<A, B, C, D, E, F, G, H, I, J, K, L, M, N>(
  types: [
    Type<A>,
    Type<B>,
    Type<C>,
    Type<D>,
    Type<E>,
    Type<F>,
    Type<G>,
    Type<H>,
    Type<I>,
    Type<J>,
    Type<K>,
    Type<L>,
    Type<M>,
    Type<N>,
  ],
  options?: UnionTypeOptions<A | B | C | D | E | F | G | H | I | J | K | L | M | N>
): Type<A | B | C | D | E | F | G | H | I | J | K | L | M | N>;
function oneOf<A, B, C, D, E, F, G, H, I, J, K, L, M>(
  types: [
    Type<A>,
    Type<B>,
    Type<C>,
    Type<D>,
    Type<E>,
    Type<F>,
    Type<G>,
    Type<H>,
    Type<I>,
    Type<J>,
    Type<K>,
    Type<L>,
    Type<M>,
  ],
  options?: UnionTypeOptions<A | B | C | D | E | F | G | H | I | J | K | L | M>
): Type<A | B | C | D | E | F | G | H | I | J | K | L | M>;
function oneOf<A, B, C, D, E, F, G, H, I, J, K, L>(
  types: [
    Type<A>,
    Type<B>,
    Type<C>,
    Type<D>,
    Type<E>,
    Type<F>,
    Type<G>,
    Type<H>,
    Type<I>,
    Type<J>,
    Type<K>,
    Type<L>,
  ],
  options?: UnionTypeOptions<A | B | C | D | E | F | G | H | I | J | K | L>
): Type<A | B | C | D | E | F | G | H | I | J | K | L>;
function oneOf<A, B, C, D, E, F, G, H, I, J, K>(
  types: [
    Type<A>,
    Type<B>,
    Type<C>,
    Type<D>,
    Type<E>,
    Type<F>,
    Type<G>,
    Type<H>,
    Type<I>,
    Type<J>,
    Type<K>,
  ],
  options?: UnionTypeOptions<A | B | C | D | E | F | G | H | I | J | K>
): Type<A | B | C | D | E | F | G | H | I | J | K>;
function oneOf<A, B, C, D, E, F, G, H, I, J>(
  types: [Type<A>, Type<B>, Type<C>, Type<D>, Type<E>, Type<F>, Type<G>, Type<H>, Type<I>, Type<J>],
  options?: UnionTypeOptions<A | B | C | D | E | F | G | H | I | J>
): Type<A | B | C | D | E | F | G | H | I | J>;
function oneOf<A, B, C, D, E, F, G, H, I>(
  types: [Type<A>, Type<B>, Type<C>, Type<D>, Type<E>, Type<F>, Type<G>, Type<H>, Type<I>],
  options?: UnionTypeOptions<A | B | C | D | E | F | G | H | I>
): Type<A | B | C | D | E | F | G | H | I>;
function oneOf<A, B, C, D, E, F, G, H>(
  types: [Type<A>, Type<B>, Type<C>, Type<D>, Type<E>, Type<F>, Type<G>, Type<H>],
  options?: UnionTypeOptions<A | B | C | D | E | F | G | H>
): Type<A | B | C | D | E | F | G | H>;
function oneOf<A, B, C, D, E, F, G>(
  types: [Type<A>, Type<B>, Type<C>, Type<D>, Type<E>, Type<F>, Type<G>],
  options?: UnionTypeOptions<A | B | C | D | E | F | G>
): Type<A | B | C | D | E | F | G>;
function oneOf<A, B, C, D, E, F>(
  types: [Type<A>, Type<B>, Type<C>, Type<D>, Type<E>, Type<F>],
  options?: UnionTypeOptions<A | B | C | D | E | F>
): Type<A | B | C | D | E | F>;
function oneOf<A, B, C, D, E>(
  types: [Type<A>, Type<B>, Type<C>, Type<D>, Type<E>],
  options?: UnionTypeOptions<A | B | C | D | E>
): Type<A | B | C | D | E>;
function oneOf<A, B, C, D>(
  types: [Type<A>, Type<B>, Type<C>, Type<D>],
  options?: UnionTypeOptions<A | B | C | D>
): Type<A | B | C | D>;
function oneOf<A, B, C>(
  types: [Type<A>, Type<B>, Type<C>],
  options?: UnionTypeOptions<A | B | C>
): Type<A | B | C>;
function oneOf<A, B>(types: [Type<A>, Type<B>], options?: UnionTypeOptions<A | B>): Type<A | B>;
function oneOf<A>(types: [Type<A>], options?: UnionTypeOptions<A>): Type<A>;
function oneOf<RTS extends Array<Type<any>>>(
  types: RTS,
  options?: UnionTypeOptions<any>
): Type<any> {
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
