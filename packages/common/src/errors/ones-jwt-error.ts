import { OnesError, type OnesErrorOptions } from './ones-error.js';
import type { OnesErrorCode } from './ones-error-code.js';

/**
 * A JWT was rejected by local validation: malformed (`ERR_JWT_INVALID`), expired (`ERR_JWT_EXPIRED`),
 * a claim did not match (`ERR_JWT_CLAIM_INVALID`), or the signature did not verify
 * (`ERR_JWT_SIGNATURE_INVALID`).
 *
 * @example
 * ```ts
 * import { OnesJwtError } from '@ones.dev/common';
 * function isExpiredToken(error: unknown): boolean {
 *   return error instanceof OnesJwtError && error.code === 'ERR_JWT_EXPIRED';
 * }
 * ```
 */
export class OnesJwtError extends OnesError {
  override readonly name = 'OnesJwtError';
  declare readonly code: Extract<OnesErrorCode, `ERR_JWT_${string}`>;
  constructor(
    code: Extract<OnesErrorCode, `ERR_JWT_${string}`>,
    message: string,
    options?: OnesErrorOptions,
  ) {
    super(code, message, options);
  }
}
