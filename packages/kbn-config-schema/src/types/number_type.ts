// Mirrors src/platform/packages/shared/kbn-config-schema/src/types/number_type.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import Joi from 'joi';
import { typeDetect } from '../type_detect';
import type { TypeOptions } from './type';
import { Type } from './type';

export type NumberOptions = TypeOptions<number> & {
  min?: number;
  max?: number;
};

export class NumberType extends Type<number> {
  constructor(options: NumberOptions = {}) {
    // Joi converts numeric strings ('5' -> 5), as Kibana's number type does.
    let schema = Joi.number();
    if (options.min !== undefined) {
      schema = schema.min(options.min);
    }

    if (options.max !== undefined) {
      schema = schema.max(options.max);
    }

    super(schema, options);
  }

  protected handleError(type: string, { limit, value }: Record<string, any>) {
    switch (type) {
      case 'number.base':
        return `expected value of type [number] but got [${typeDetect(value)}]`;
      case 'number.min':
        return `Value must be equal to or greater than [${limit}].`;
      case 'number.max':
        return `Value must be equal to or lower than [${limit}].`;
      case 'any.required':
        return `expected value of type [number] but got [${typeDetect(value)}]`;
    }
  }
}
