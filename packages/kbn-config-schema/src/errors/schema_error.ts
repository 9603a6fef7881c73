// Mirrors src/platform/packages/shared/kbn-config-schema/src/errors/schema_error.ts (elastic/kibana)

/** Base class of every error thrown by `@kbn/config-schema`. */
export class SchemaError extends Error {
  public cause?: Error;

  constructor(message: string, cause?: Error) {
    super(message);
    this.cause = cause;

    // Set the prototype explicitly: extending built-ins loses it when compiled to ES5.
    Object.setPrototypeOf(this, SchemaError.prototype);
  }
}
