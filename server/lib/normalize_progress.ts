// Checks what a runner passes to `reportProgress` and bounds its message before it is stored.
import { schema } from '@kbn/config-schema';
import { MAX_PROGRESS_MESSAGE_LENGTH } from '../../common';
import type { BackgroundTaskProgress } from '../types';

/**
 * `value` is a fraction (0.25 is a quarter done), refused outside 0..1 rather than clamped:
 * a runner passing a percent would otherwise show every run as done. Unknown keys are refused
 * too, so a typo (`percent`, `msg`) fails loudly instead of showing nothing.
 */
const progressSchema = schema.object({
  value: schema.maybe(schema.number({ min: 0, max: 1 })),
  message: schema.maybe(schema.string()),
});

/**
 * Answers the update to keep, the message cut to `MAX_PROGRESS_MESSAGE_LENGTH` characters
 * (ending with an ellipsis). Throws a `TypeError` naming the field for a bad value.
 */
export function normalizeProgress(progress: unknown): BackgroundTaskProgress {
  let valid: BackgroundTaskProgress;
  try {
    valid = progressSchema.validate(progress ?? {});
  } catch (caught) {
    throw new TypeError(`reportProgress: ${(caught as Error).message}`);
  }
  const { value, message } = valid;
  return {
    ...(value === undefined ? {} : { value }),
    ...(message === undefined
      ? {}
      : {
          message:
            message.length > MAX_PROGRESS_MESSAGE_LENGTH
              ? `${message.slice(0, MAX_PROGRESS_MESSAGE_LENGTH - 1)}…`
              : message,
        }),
  };
}
