import { OnesError, type OnesErrorOptions } from './ones-error.js';
import type { OnesErrorCode } from './ones-error-code.js';

/**
 * The device signer (px-device-identity-service) could not sign: it is down, slow or failing
 * (`ERR_SIGNER_UNAVAILABLE`), it refused the request with a 4xx answer whose reason the message
 * quotes (`ERR_SIGNER_REFUSED`: a wrong `deviceIdentityUrl` or `deviceId`), or it answered
 * something that is not a valid signature (`ERR_SIGNER_RESPONSE_INVALID`).
 *
 * @example
 * ```ts
 * import { OnesSignerError } from '@ones.dev/common';
 * const error = new OnesSignerError('ERR_SIGNER_UNAVAILABLE', 'is px-device-identity-service running?');
 * console.warn(error.code);
 * ```
 */
export class OnesSignerError extends OnesError {
  override readonly name = 'OnesSignerError';
  declare readonly code: Extract<OnesErrorCode, `ERR_SIGNER_${string}`>;
  constructor(
    code: Extract<OnesErrorCode, `ERR_SIGNER_${string}`>,
    message: string,
    options?: OnesErrorOptions,
  ) {
    super(code, message, options);
  }
}
