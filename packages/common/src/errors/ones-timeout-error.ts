import { OnesError, type OnesErrorOptions } from './ones-error.js';
import type { OnesErrorCode } from './ones-error-code.js';

/**
 * Time ran out: one request exceeded its timeout (`ERR_TIMEOUT_REQUEST`) or a poller reached the
 * login's expiry without a result (`ERR_TIMEOUT_POLLING`).
 *
 * @example
 * ```ts
 * import { OnesTimeoutError } from '@ones.dev/common';
 * function isExpired(error: unknown): boolean {
 *   return error instanceof OnesTimeoutError && error.code === 'ERR_TIMEOUT_POLLING';
 * }
 * ```
 */
export class OnesTimeoutError extends OnesError {
  override readonly name = 'OnesTimeoutError';
  declare readonly code: Extract<OnesErrorCode, `ERR_TIMEOUT_${string}`>;
  constructor(
    code: Extract<OnesErrorCode, `ERR_TIMEOUT_${string}`>,
    message: string,
    options?: OnesErrorOptions,
  ) {
    super(code, message, options);
  }
}
