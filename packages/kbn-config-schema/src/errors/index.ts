// Mirrors src/platform/packages/shared/kbn-config-schema/src/errors/index.ts (elastic/kibana)

export { SchemaError } from './schema_error';
export { SchemaTypeError } from './schema_type_error';
export { SchemaTypesError } from './schema_types_error';
export { ValidationError } from './validation_error';
