// Mirrors src/core/packages/http/server/src/router/route_validator.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import type { ObjectType, Type } from '@kbn/config-schema';
import { SchemaTypeError } from '@kbn/config-schema';

/**
 * Error to return when the validation is not successful.
 * @public
 */
export class RouteValidationError extends SchemaTypeError {
  constructor(error: Error | string, path: string[] = []) {
    super(error, path);
    Object.setPrototypeOf(this, RouteValidationError.prototype);
  }
}

/**
 * Validation result factory to be used in the custom validation function.
 * @public
 */
export interface RouteValidationResultFactory {
  ok: <T>(value: T) => { value: T };
  badRequest: (error: Error | string, path?: string[]) => { error: RouteValidationError };
}

/**
 * The custom validation function if @kbn/config-schema is not a valid solution.
 * @public
 */
export type RouteValidationFunction<T> = (
  data: any,
  validationResult: RouteValidationResultFactory
) =>
  | {
      value: T;
      error?: never;
    }
  | {
      value?: never;
      error: RouteValidationError;
    };

/**
 * Allowed property validation options: @kbn/config-schema types or custom validation functions.
 * Simplified: Kibana also accepts a `ZodType<T>` from `@kbn/zod`.
 * @public
 */
export type RouteValidationSpec<T> = ObjectType | Type<T> | RouteValidationFunction<T>;

/** @public */
export interface RouteValidatorConfig<P, Q, B> {
  /** Validation logic for the URL params */
  params?: RouteValidationSpec<P>;
  /** Validation logic for the Query params */
  query?: RouteValidationSpec<Q>;
  /** Validation logic for the body payload */
  body?: RouteValidationSpec<B>;
}

/** @public */
export interface RouteValidatorOptions {
  /** Skip the additional internal *safe* validations on top of a custom validation. */
  unsafe?: {
    params?: boolean;
    query?: boolean;
    body?: boolean;
  };
}

/** Route validations config and options merged into one object. @public */
export type RouteValidatorFullConfigRequest<P, Q, B> = RouteValidatorConfig<P, Q, B> &
  RouteValidatorOptions;

/**
 * A validation schema factory, called at most once.
 * @public
 */
export type LazyValidator = () => Type<unknown>;

/** Map of status codes to response schemas. @public */
export interface RouteValidatorFullConfigResponse {
  [statusCode: number]: {
    description?: string;
    bodyContentType?: string;
    body?: LazyValidator;
  };
  unsafe?: {
    body?: boolean;
  };
}

/** An alternative form to register both request schema and all response schemas. @public */
export interface RouteValidatorRequestAndResponses<P, Q, B> {
  request: RouteValidatorFullConfigRequest<P, Q, B>;
  response?: RouteValidatorFullConfigResponse;
}

interface NotRouteValidatorFullConfigRequest {
  params?: never;
  query?: never;
  body?: never;
}

/** Type container for schemas used in route related validations. @public */
export type RouteValidator<P, Q, B> =
  | RouteValidatorFullConfigRequest<P, Q, B>
  | (RouteValidatorRequestAndResponses<P, Q, B> & NotRouteValidatorFullConfigRequest);
