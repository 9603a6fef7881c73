// Mirrors src/platform/packages/shared/kbn-config-schema/src/types/boolean_type.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import Joi from 'joi';
import { typeDetect } from '../type_detect';
import type { TypeOptions } from './type';
import { Type } from './type';

export class BooleanType extends Type<boolean> {
  constructor(options?: TypeOptions<boolean>) {
    // Like Kibana, the strings 'true' and 'false' are accepted (e.g. from query strings).
    super(Joi.boolean(), options);
  }

  protected handleError(type: string, { value }: Record<string, any>) {
    switch (type) {
      case 'any.required':
      case 'boolean.base':
        return `expected value of type [boolean] but got [${typeDetect(value)}]`;
    }
  }
}
