// Mirrors src/platform/packages/shared/kbn-config-schema/src/types/string_type.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import Joi from 'joi';
import { typeDetect } from '../type_detect';
import type { TypeOptions } from './type';
import { Type, convertValidationFunction } from './type';

/**
 * Simplified: Kibana also offers `hostname` and `coerceFromNumber`.
 */
export type StringOptions = TypeOptions<string> & {
  minLength?: number;
  maxLength?: number;
};

export class StringType extends Type<string> {
  constructor(options: StringOptions = {}) {
    // Joi rejects '' by default; Kibana's string type accepts it.
    let schema = Joi.string().allow('');

    if (options.minLength !== undefined) {
      const minLength = options.minLength;
      schema = schema.custom(
        convertValidationFunction((value: string) => {
          if (value.length < minLength) {
            return `value has length [${value.length}] but it must have a minimum length of [${minLength}].`;
          }
        })
      );
    }

    if (options.maxLength !== undefined) {
      const maxLength = options.maxLength;
      schema = schema.custom(
        convertValidationFunction((value: string) => {
          if (value.length > maxLength) {
            return `value has length [${value.length}] but it must have a maximum length of [${maxLength}].`;
          }
        })
      );
    }

    super(schema, options);
  }

  protected handleError(type: string, { value }: Record<string, any>) {
    switch (type) {
      case 'any.required':
      case 'string.base':
        return `expected value of type [string] but got [${typeDetect(value)}]`;
    }
  }
}
