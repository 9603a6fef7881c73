// Mirrors src/platform/packages/shared/kbn-config-schema/src/types/type.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import type { CustomValidator, ErrorReport, Schema } from 'joi';
import { SchemaTypeError, ValidationError } from '../errors';

/**
 * Meta fields used when introspecting runtime validation, most notably to generate OpenAPI.
 */
export interface TypeMeta {
  /** A human-friendly description of this type, used in documentation. */
  description?: string;
  /** Whether this field is deprecated. */
  deprecated?: boolean;
}

/**
 * Simplified: Kibana also accepts a `Reference` (context or sibling reference); we do not.
 */
export type DefaultValue<T> = T | (() => T);

export interface TypeOptions<T> {
  /** Default value used when the value is `undefined`. */
  defaultValue?: DefaultValue<T>;
  /**
   * Supplemental validation, only called if primary validation is successful.
   *
   * @returns a string error message if the validation failed, or `undefined` if successful.
   */
  validate?: (value: T) => string | void;
  meta?: TypeMeta;
}

/**
 * Global validation options accepted by `Type#validate`.
 */
export interface SchemaValidationOptions {
  /** Remove unknown keys instead of failing on them. */
  stripUnknownKeys?: boolean;
}

/**
 * Options for dealing with unknown keys:
 * - allow: unknown keys are permitted and kept
 * - ignore: unknown keys do not fail validation, but are stripped out
 * - forbid (default): unknown keys fail validation
 */
export type OptionsForUnknowns = 'allow' | 'ignore' | 'forbid';

export interface UnknownOptions {
  unknowns?: OptionsForUnknowns;
}

export const convertValidationFunction = <T = unknown>(
  validate: (value: T) => string | void
): CustomValidator<T> => {
  return (value, { error }) => {
    let validationResultMessage: unknown;
    try {
      validationResultMessage = validate(value);
    } catch (e) {
      validationResultMessage = e instanceof Error ? e.message : e;
    }

    if (typeof validationResultMessage === 'string') {
      return error('any.custom', { message: validationResultMessage });
    }

    return value;
  };
};

/**
 * A schema type backed by a Joi schema. `validate` returns the validated (and defaulted,
 * coerced) value or throws a {@link ValidationError} naming the failing key path.
 *
 * One generic, `V` (the validated value), as Kibana's mainline declares `Type<V>`; TypeOf reads it.
 */
export abstract class Type<V> {
  // This is just to enable the `TypeOf` helper, and because TypeScript would
  // fail if it wasn't initialized we use a "trick" to which basically just
  // sets the value to `null` while still keeping the type.
  public readonly type: V = null as any as V;

  // used for the `isConfigSchema` typeguard
  public readonly __isKbnConfigSchemaType = true;

  /** Internal "schema" backed by Joi. */
  protected readonly internalSchema: Schema;

  protected constructor(schema: Schema, options: TypeOptions<V> = {}) {
    if (options.defaultValue !== undefined) {
      schema = schema.optional();
      schema = schema.default(options.defaultValue as any);
    }

    if (options.validate) {
      schema = schema.custom(convertValidationFunction(options.validate));
    }

    if (options.meta?.description) {
      schema = schema.description(options.meta.description);
    }
    if (options.meta?.deprecated) {
      schema = schema.meta({ 'x-oas-deprecated': true });
    }

    // Attach the generic error handler only once: Joi only honours the last one attached.
    if (schema.$_getFlag('error') === undefined) {
      schema = schema.error(([error]) => this.onError(error as ErrorReport | SchemaTypeError));
    }

    this.internalSchema = schema;
  }

  /**
   * Validates the provided value against this schema.
   * If valid, the resulting output is returned, otherwise a {@link ValidationError} is thrown.
   *
   * @param namespace - prefixed to the key path of an error, e.g. `request body`.
   */
  public validate(
    value: unknown,
    context: Record<string, unknown> = {},
    namespace?: string,
    validationOptions?: SchemaValidationOptions
  ): V {
    const { value: validatedValue, error } = this.internalSchema.validate(value, {
      context,
      presence: 'required',
      stripUnknown: { objects: validationOptions?.stripUnknownKeys === true },
    });

    if (error) {
      throw new ValidationError(error as unknown as SchemaTypeError, namespace);
    }

    return validatedValue;
  }

  /**
   * The underlying Joi schema (used to generate OpenAPI).
   *
   * @note intended for internal use in Kibana.
   */
  public getSchema(): Schema {
    return this.internalSchema;
  }

  protected handleError(
    _type: string,
    _context: Record<string, any>,
    _path: string[]
  ): string | SchemaTypeError | void {
    return undefined;
  }

  private onError(error: SchemaTypeError | ErrorReport): SchemaTypeError {
    // A nested type already turned its own failure into a SchemaTypeError.
    if (error instanceof SchemaTypeError) {
      return error;
    }

    const { local, code, path, value } = error;
    const convertedPath = path.map((entry) => entry.toString());
    const context: Record<string, any> = {
      ...local,
      value,
    };

    const errorHandleResult = this.handleError(code, context, convertedPath);
    if (errorHandleResult instanceof SchemaTypeError) {
      return errorHandleResult;
    }

    if (typeof errorHandleResult === 'string') {
      return new SchemaTypeError(errorHandleResult, convertedPath);
    }

    // Errors produced by a custom `validate` function carry their message in the context.
    if (code === 'any.custom' && context.message) {
      return new SchemaTypeError(context.message, convertedPath);
    }

    const message = error.toString();
    return new SchemaTypeError(message || code, convertedPath);
  }
}
