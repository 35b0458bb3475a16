import { OnesError, type OnesErrorOptions } from './ones-error.js';
import type { OnesErrorCode } from './ones-error-code.js';

/**
 * Input was rejected: an argument the caller passed (`ERR_VALIDATION_ARGUMENT`, the message names the
 * parameter) or bytes that came from the network (`ERR_VALIDATION_RESPONSE`, the message names the field,
 * never its value).
 *
 * @example
 * ```ts
 * import { OnesValidationError, AuthJwtProperties } from '@ones.dev/common';
 * try {
 *   new AuthJwtProperties({ scope: 'profile', bindingMessage: 'Log in' });
 * } catch (error) {
 *   if (error instanceof OnesValidationError) console.warn(error.message); // "scope" must contain "openid"
 * }
 * ```
 */
export class OnesValidationError extends OnesError {
  override readonly name = 'OnesValidationError';
  declare readonly code: Extract<OnesErrorCode, `ERR_VALIDATION_${string}`>;
  constructor(
    code: Extract<OnesErrorCode, `ERR_VALIDATION_${string}`>,
    message: string,
    options?: OnesErrorOptions,
  ) {
    super(code, message, options);
  }
}
