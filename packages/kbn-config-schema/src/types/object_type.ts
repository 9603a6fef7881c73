// Mirrors src/platform/packages/shared/kbn-config-schema/src/types/object_type.ts (elastic/kibana)

/* eslint-disable @typescript-eslint/no-explicit-any -- mirrors the real Kibana signatures */

import Joi from 'joi';
import type { AnySchema } from 'joi';
import { typeDetect } from '../type_detect';
import type { TypeOptions, UnknownOptions } from './type';
import { Type } from './type';

export type Props = Record<string, Type<any>>;

export type NullableProps = Record<string, Type<any> | undefined | null>;

export type TypeOrLazyType = Type<any> | (() => Type<any>);

export type TypeOf<RT extends TypeOrLazyType> = RT extends () => Type<any>
  ? ReturnType<RT>['type']
  : RT extends Type<any>
    ? RT['type']
    : never;

type OptionalProperties<Base extends Props> = Pick<
  Base,
  {
    [Key in keyof Base]: undefined extends TypeOf<Base[Key]> ? Key : never;
  }[keyof Base]
>;

type RequiredProperties<Base extends Props> = Pick<
  Base,
  {
    [Key in keyof Base]: undefined extends TypeOf<Base[Key]> ? never : Key;
  }[keyof Base]
>;

// Because of https://github.com/Microsoft/TypeScript/issues/14041
// this might not have perfect _rendering_ output, but it will be typed.
export type ObjectResultType<P extends Props> = Readonly<
  { [K in keyof OptionalProperties<P>]?: TypeOf<P[K]> } & {
    [K in keyof RequiredProperties<P>]: TypeOf<P[K]>;
  }
>;

type DefinedProperties<Base extends NullableProps> = Pick<
  Base,
  {
    [Key in keyof Base]: undefined extends Base[Key] ? never : null extends Base[Key] ? never : Key;
  }[keyof Base]
>;

type ExtendedProps<P extends Props, NP extends NullableProps> = Omit<P, keyof NP> & {
  [K in keyof DefinedProperties<NP>]: NP[K];
};

type ExtendedObjectType<P extends Props, NP extends NullableProps> = ObjectType<
  ExtendedProps<P, NP>
>;

type ExtendedObjectTypeOptions<P extends Props, NP extends NullableProps> = ObjectTypeOptions<
  ExtendedProps<P, NP>
>;

interface ObjectTypeOptionsMeta {
  /**
   * A string that uniquely identifies this schema. Used when generating OAS
   * to create refs instead of inline schemas.
   */
  id?: string;
}

export type ObjectTypeOptions<P extends Props = any> = TypeOptions<ObjectResultType<P>> &
  UnknownOptions & { meta?: TypeOptions<ObjectResultType<P>>['meta'] & ObjectTypeOptionsMeta };

export class ObjectType<P extends Props = any> extends Type<ObjectResultType<P>> {
  private props: P;
  private options: ObjectTypeOptions<P>;

  constructor(props: P, options: ObjectTypeOptions<P> = {}) {
    const schemaKeys = {} as Record<string, AnySchema>;
    const { unknowns, ...typeOptions } = options;
    for (const [key, value] of Object.entries(props)) {
      schemaKeys[key] = value.getSchema();
    }
    // `.default()` without a value builds the default from the children's defaults, so an
    // absent object whose keys all have defaults validates to those defaults.
    let schema = Joi.object().keys(schemaKeys).default().optional();

    // Only override Joi's default (`forbid`) when asked to, or `stripUnknown` stops working.
    if (unknowns === 'allow') {
      schema = schema.unknown(true);
    }

    if (unknowns) {
      schema = schema.options({ stripUnknown: { objects: unknowns === 'ignore' } });
    }

    if (options.meta?.id) {
      schema = schema.id(options.meta.id);
    }

    super(schema, typeOptions);
    this.props = props;
    this.options = options;
  }

  /**
   * Return a new `ObjectType` instance extended with given `newProps` properties.
   * Original properties can be deleted from the copy by passing a `null` or `undefined` value for the key.
   */
  public extends<NP extends NullableProps>(
    newProps: NP,
    newOptions?: ExtendedObjectTypeOptions<P, NP>
  ): ExtendedObjectType<P, NP> {
    const extendedProps = Object.entries({
      ...this.props,
      ...newProps,
    }).reduce(
      (memo, [key, value]) => {
        if (value !== null && value !== undefined) {
          (memo as Record<string, unknown>)[key] = value;
        }
        return memo;
      },
      {} as ExtendedProps<P, NP>
    );

    const extendedOptions = {
      ...this.options,
      ...newOptions,
    } as ExtendedObjectTypeOptions<P, NP>;

    return new ObjectType(extendedProps, extendedOptions);
  }

  /** Return the schema for this object's underlying properties. */
  public getPropSchemas(): P {
    return { ...this.props };
  }

  protected handleError(type: string, { reason, value }: Record<string, any>) {
    switch (type) {
      case 'any.required':
      case 'object.base':
        return `expected a plain object value, but found [${typeDetect(value)}] instead.`;
      case 'object.unknown':
        return `definition for this key is missing`;
      case 'object.child':
        return reason[0];
    }
  }
}
