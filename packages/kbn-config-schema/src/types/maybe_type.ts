// Mirrors src/platform/packages/shared/kbn-config-schema/src/types/maybe_type.ts (elastic/kibana)

import { Type } from './type';

export class MaybeType<V> extends Type<V | undefined> {
  constructor(type: Type<V>) {
    super(
      type
        .getSchema()
        .optional()
        // A function default overrides the object type's "build from children" default,
        // so an absent optional object stays `undefined`.
        .default(() => undefined)
    );
  }
}
