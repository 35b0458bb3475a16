import { OnesError, type OnesErrorOptions } from './ones-error.js';
import type { OnesErrorCode } from './ones-error-code.js';

/**
 * The SDK's configuration is unusable: a missing or malformed `device.yml`, an option of the wrong
 * shape. The message names the file or option and the field.
 *
 * @example
 * ```ts
 * import { OnesConfigError } from '@ones.dev/common';
 * const error = new OnesConfigError('ERR_CONFIG_INVALID', '/etc/px-device-identity/device.yml: "host" is missing');
 * console.warn(error.code);
 * ```
 */
export class OnesConfigError extends OnesError {
  override readonly name = 'OnesConfigError';
  declare readonly code: Extract<OnesErrorCode, `ERR_CONFIG_${string}`>;
  constructor(
    code: Extract<OnesErrorCode, `ERR_CONFIG_${string}`>,
    message: string,
    options?: OnesErrorOptions,
  ) {
    super(code, message, options);
  }
}
