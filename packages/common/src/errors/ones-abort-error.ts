import { OnesError, type OnesErrorOptions } from './ones-error.js';

/**
 * The caller's `AbortSignal` stopped the operation (`ERR_ABORTED`); `cause` holds the signal's reason.
 *
 * @example
 * ```ts
 * import { OnesAbortError } from '@ones.dev/common';
 * function wasCancelled(error: unknown): boolean {
 *   return error instanceof OnesAbortError;
 * }
 * ```
 */
export class OnesAbortError extends OnesError {
  override readonly name = 'OnesAbortError';
  declare readonly code: 'ERR_ABORTED';
  constructor(message: string, options?: OnesErrorOptions) {
    super('ERR_ABORTED', message, options);
  }
}
