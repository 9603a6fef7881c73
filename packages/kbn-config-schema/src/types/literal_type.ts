// Mirrors src/platform/packages/shared/kbn-config-schema/src/types/literal_type.ts (elastic/kibana)

import Joi from 'joi';
import { Type } from './type';

export class LiteralType<T> extends Type<T> {
  private expectedValue: T;

  constructor(value: T) {
    super(Joi.any().valid(value));
    this.expectedValue = value;
  }

  protected handleError(type: string) {
    switch (type) {
      case 'any.required':
      case 'any.only':
        return `expected value to equal [${this.expectedValue}]`;
    }
  }
}
