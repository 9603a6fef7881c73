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
  private readonly minLength?: number;

  constructor(options: StringOptions = {}) {
    // Kibana's string type accepts '' unless `minLength` forbids it. Joi rejects '' by default,
    // and `allow('')` would accept it before any rule runs (skipping the minLength check), so ''
    // is allowed only without a positive minLength; else Joi's `string.empty` is reported below
    // with Kibana's minLength message.
    const rejectsEmpty = options.minLength !== undefined && options.minLength > 0;
    let schema = rejectsEmpty ? Joi.string() : Joi.string().allow('');

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
    this.minLength = options.minLength;
  }

  protected handleError(type: string, { value }: Record<string, any>) {
    switch (type) {
      case 'any.required':
      case 'string.base':
        return `expected value of type [string] but got [${typeDetect(value)}]`;
      case 'string.empty':
        return `value has length [0] but it must have a minimum length of [${this.minLength}].`;
    }
  }
}
