// Mirrors src/core/packages/http/router-server-internal/src/validator (elastic/kibana): Validates a route's params, query and body against its declared schemas, naming the failing field.
import { ValidationError } from '@kbn/config-schema';
import type { Type } from '@kbn/config-schema';
import { RouteValidationError } from '@kbn/core/server';
import type {
  RouteValidationFunction,
  RouteValidationResultFactory,
  RouteValidationSpec,
  RouteValidator,
  RouteValidatorConfig,
} from '@kbn/core/server';

export interface RequestParts<P, Q, B> {
  params: P;
  query: Q;
  body: B;
}

const resultFactory: RouteValidationResultFactory = {
  ok: (value) => ({ value }),
  badRequest: (error, path) => ({ error: new RouteValidationError(error, path) }),
};

function isSchemaType(spec: unknown): spec is Type<unknown> {
  return (
    typeof spec === 'object' &&
    spec !== null &&
    (spec as { __isKbnConfigSchemaType?: boolean }).__isKbnConfigSchemaType === true
  );
}

/** The request-side part of either validator form (`{ params, ... }` or `{ request, response }`). */
export function getRequestValidation<P, Q, B>(
  validator: RouteValidator<P, Q, B>
): RouteValidatorConfig<P, Q, B> {
  return 'request' in validator && validator.request ? validator.request : validator;
}

function validatePart<T>(
  spec: RouteValidationSpec<T> | undefined,
  data: unknown,
  namespace: string
): T {
  // No rule for a part: the handler sees an empty object, whatever was sent.
  if (spec === undefined) return {} as T;
  if (isSchemaType(spec)) return spec.validate(data ?? {}, {}, namespace) as T;
  if (typeof spec === 'function') {
    const result = (spec as RouteValidationFunction<T>)(data, resultFactory);
    if (result.error) throw new ValidationError(result.error, namespace);
    return result.value as T;
  }
  throw new Error(`The validation rule of [${namespace}] is neither a schema nor a function`);
}

/** Throws a {@link ValidationError} whose message starts with `[request body.field]`. */
export function validateRequestParts<P, Q, B>(
  validator: RouteValidator<P, Q, B>,
  raw: { params: unknown; query: unknown; body: unknown }
): RequestParts<P, Q, B> {
  const rules = getRequestValidation(validator);
  return {
    params: validatePart(rules.params, raw.params, 'request params'),
    query: validatePart(rules.query, raw.query, 'request query'),
    body: validatePart(rules.body, raw.body, 'request body'),
  };
}
