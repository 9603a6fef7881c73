// Mirrors src/platform/packages/shared/kbn-config-schema/src/errors/schema_types_error.ts (elastic/kibana)

import { SchemaTypeError } from './schema_type_error';

/** A validation failure carrying the failures of several alternatives (`schema.oneOf`). */
export class SchemaTypesError extends SchemaTypeError {
  constructor(
    error: Error | string,
    path: string[],
    public readonly errors: SchemaTypeError[]
  ) {
    super(error, path);
    Object.setPrototypeOf(this, SchemaTypesError.prototype);
  }
}
