// Validates schedule-time params against the type's schema, as a named error naming the field.
import { InvalidTaskParamsError } from '../errors';
import type { RegisteredTaskType } from '../types';
import { toError } from './to_error';

/** Returns the validated (defaulted) params; without a schema, any plain object passes. */
export function validateTaskParams(registered: RegisteredTaskType, params: unknown): unknown {
  const { paramsSchema } = registered.definition;
  if (!paramsSchema) {
    if (params !== undefined && (typeof params !== 'object' || params === null)) {
      throw new InvalidTaskParamsError(registered.type, 'expected an object');
    }
    return params ?? {};
  }
  try {
    return paramsSchema.validate(params);
  } catch (caught) {
    throw new InvalidTaskParamsError(registered.type, toError(caught).message);
  }
}
