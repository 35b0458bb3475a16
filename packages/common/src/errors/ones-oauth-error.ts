import { OnesError, type OnesErrorOptions } from './ones-error.js';
import type { OnesErrorCode, OnesErrorResponse } from './ones-error-code.js';

/** Codes of {@link OnesOAuthError}: one per OAuth `error` value a caller acts on differently. */
export type OnesOAuthErrorCode = Extract<OnesErrorCode, `ERR_OAUTH_${string}`>;

/**
 * The server answered with an OAuth error body (`{ error, error_description? }`, RFC 6749 §5.2,
 * CIBA §11/§13). `error` and `errorDescription` are lifted from the body; `response` keeps the status
 * and body so code written for the vendor's examples (`err.response.status === 400`) keeps working.
 *
 * @example
 * ```ts
 * import { OnesOAuthError, checkCibaStatusClient } from '@ones.dev/common';
 * try {
 *   await checkCibaStatusClient('https://shop.example', 'auth-req-id');
 * } catch (error) {
 *   if (error instanceof OnesOAuthError && error.code === 'ERR_OAUTH_AUTHORIZATION_PENDING') {
 *     // not approved yet: ask again after the interval
 *   }
 * }
 * ```
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.11
 */
export class OnesOAuthError extends OnesError {
  override readonly name = 'OnesOAuthError';
  declare readonly code: OnesOAuthErrorCode;
  /** The OAuth `error` value as the server sent it, e.g. `access_denied`. */
  declare readonly error: string;
  /** The server's `error_description`, when it sent one. */
  declare readonly errorDescription: string | undefined;
  /** The answer's status and body. */
  declare readonly response: OnesErrorResponse;

  constructor(
    code: OnesOAuthErrorCode,
    message: string,
    details: OnesErrorOptions & {
      readonly error: string;
      readonly errorDescription?: string | undefined;
      readonly response: OnesErrorResponse;
    },
  ) {
    super(code, message, details);
    this.error = details.error;
    this.errorDescription = details.errorDescription;
    this.response = details.response;
  }
}
