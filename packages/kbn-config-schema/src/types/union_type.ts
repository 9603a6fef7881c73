// Mirrors src/platform/packages/shared/kbn-config-schema/src/types/union_type.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import Joi from 'joi';
import { SchemaTypeError, SchemaTypesError } from '../errors';
import { typeDetect } from '../type_detect';
import type { TypeOptions } from './type';
import { Type } from './type';

export type UnionTypeOptions<T> = TypeOptions<T>;

interface AlternativeErrorDetail {
  context: {
    error: SchemaTypeError;
  };
}

export class UnionType<RTS extends Array<Type<any>>, T> extends Type<T> {
  constructor(types: RTS, options?: UnionTypeOptions<T>) {
    const schema = Joi.alternatives(types.map((type) => type.getSchema())).match('any');

    super(schema, options);
  }

  protected handleError(type: string, { value, details }: Record<string, any>, path: string[]) {
    switch (type) {
      case 'any.required':
        return `expected at least one defined value but got [${typeDetect(value)}]`;
      case 'alternatives.match':
        return new SchemaTypesError(
          'types that failed validation:',
          path,
          details.map((detail: AlternativeErrorDetail, index: number) => {
            const e = detail.context.error;
            const childPathWithIndex = e.path.slice();
            childPathWithIndex.splice(path.length, 0, index.toString());

            return e instanceof SchemaTypesError
              ? new SchemaTypesError(e.message, childPathWithIndex, e.errors)
              : new SchemaTypeError(e.message, childPathWithIndex);
          })
        );
    }
  }
}
