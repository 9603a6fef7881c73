// Mirrors src/platform/packages/shared/kbn-config-schema/src/types/uri_type.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import Joi from 'joi';
import { typeDetect } from '../type_detect';
import type { TypeOptions } from './type';
import { Type } from './type';

export type URIOptions = TypeOptions<string> & {
  scheme?: string | string[];
};

export class URIType extends Type<string> {
  constructor(options: URIOptions = {}) {
    super(Joi.string().uri({ scheme: options.scheme }), options);
  }

  protected handleError(type: string, { value, scheme }: Record<string, any>) {
    switch (type) {
      case 'any.required':
      case 'string.base':
        return `expected value of type [string] but got [${typeDetect(value)}].`;
      case 'string.uriCustomScheme':
        return `expected URI with scheme [${scheme}].`;
      case 'string.uri':
        return `value must be a valid URI (see RFC 3986).`;
    }
  }
}
