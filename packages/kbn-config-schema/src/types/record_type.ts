// Mirrors src/platform/packages/shared/kbn-config-schema/src/types/record_type.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import Joi from 'joi';
import { SchemaTypeError } from '../errors';
import { typeDetect } from '../type_detect';
import type { TypeOptions } from './type';
import { Type } from './type';

export type RecordOfOptions<K extends string, V> = TypeOptions<Record<K, V>>;

export class RecordOfType<K extends string, V> extends Type<Record<K, V>> {
  constructor(keyType: Type<K>, valueType: Type<V>, options: RecordOfOptions<K, V> = {}) {
    const schema = Joi.object()
      .pattern(/.*/, valueType.getSchema())
      .custom((value: Record<string, unknown>, { error }) => {
        // Keys are validated here (not by Joi's pattern) so that a bad key is reported as
        // a bad key, the way Kibana does, instead of as an unknown property.
        for (const key of Object.keys(value)) {
          try {
            keyType.validate(key);
          } catch (e) {
            return error('any.custom', {
              message: e instanceof Error ? e.message : String(e),
              key,
            });
          }
        }
        return value;
      });

    super(schema, options);
  }

  protected handleError(
    type: string,
    { value, message, key }: Record<string, any>,
    path: string[]
  ): string | SchemaTypeError | void {
    switch (type) {
      case 'any.required':
      case 'object.base':
        return `expected value of type [object] but got [${typeDetect(value)}]`;
      case 'any.custom':
        return key === undefined
          ? undefined
          : new SchemaTypeError(message, [...path, `key("${key}")`]);
    }
  }
}
