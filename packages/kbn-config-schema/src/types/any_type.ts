// Mirrors src/platform/packages/shared/kbn-config-schema/src/types/any_type.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import Joi from 'joi';
import { typeDetect } from '../type_detect';
import type { TypeOptions } from './type';
import { Type } from './type';

export class AnyType extends Type<any> {
  constructor(options?: TypeOptions<any>) {
    super(Joi.any(), options);
  }

  protected handleError(type: string, { value }: Record<string, any>) {
    switch (type) {
      case 'any.required':
        return `expected value of type [any] but got [${typeDetect(value)}]`;
    }
  }
}
