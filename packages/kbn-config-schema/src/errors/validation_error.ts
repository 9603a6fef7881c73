// Mirrors src/platform/packages/shared/kbn-config-schema/src/errors/validation_error.ts (elastic/kibana)

import { SchemaError } from './schema_error';
import type { SchemaTypeError } from './schema_type_error';
import { SchemaTypesError } from './schema_types_error';

/**
 * The error `Type#validate` throws. Its message names the failing key path the Kibana way:
 * `[namespace.key.path]: message`, with one indented line per failed alternative of a union.
 */
export class ValidationError extends SchemaError {
  private static extractMessage(error: SchemaTypeError, namespace?: string, level?: number) {
    const path = typeof namespace === 'string' ? [namespace, ...error.path] : error.path;

    let message = error.message;
    if (error instanceof SchemaTypesError) {
      const indentLevel = level || 0;
      const childErrorMessages = error.errors.map((childError) =>
        ValidationError.extractMessage(childError, namespace, indentLevel + 1)
      );

      message = `${message}\n${childErrorMessages
        .map((childErrorMessage) => `${' '.repeat(indentLevel)}- ${childErrorMessage}`)
        .join('\n')}`;
    }

    if (path.length === 0) {
      return message;
    }

    return `[${path.join('.')}]: ${message}`;
  }

  constructor(error: SchemaTypeError, namespace?: string) {
    super(ValidationError.extractMessage(error, namespace), error);
    Object.setPrototypeOf(this, ValidationError.prototype);
  }
}
