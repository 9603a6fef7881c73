// Mirrors src/platform/packages/shared/kbn-config-schema/src/types/index.ts (elastic/kibana)

export type {
  TypeOptions,
  TypeMeta,
  DefaultValue,
  SchemaValidationOptions,
  OptionsForUnknowns,
  UnknownOptions,
} from './type';
export { Type } from './type';
export { AnyType } from './any_type';
export type { ArrayOptions } from './array_type';
export { ArrayType } from './array_type';
export { BooleanType } from './boolean_type';
export { LiteralType } from './literal_type';
export { MaybeType } from './maybe_type';
export type { NumberOptions } from './number_type';
export { NumberType } from './number_type';
export type {
  ObjectTypeOptions,
  ObjectResultType,
  Props,
  NullableProps,
  TypeOf,
} from './object_type';
export { ObjectType } from './object_type';
export type { RecordOfOptions } from './record_type';
export { RecordOfType } from './record_type';
export type { StringOptions } from './string_type';
export { StringType } from './string_type';
export type { UnionTypeOptions } from './union_type';
export { UnionType } from './union_type';
export type { URIOptions } from './uri_type';
export { URIType } from './uri_type';
