// Mirrors src/platform/packages/shared/kbn-config-schema/src/errors/schema_type_error.ts (elastic/kibana)

import { SchemaError } from './schema_error';

/** A validation failure at one key path (`path` is relative to the validated value). */
export class SchemaTypeError extends SchemaError {
  constructor(
    error: Error | string,
    public readonly path: string[]
  ) {
    super(typeof error === 'string' ? error : error.message);
    Object.setPrototypeOf(this, SchemaTypeError.prototype);
  }
}
