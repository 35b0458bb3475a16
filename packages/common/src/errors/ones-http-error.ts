import type { OnesLoginErrorCode } from './login-error-code.js';
import { OnesError, type OnesErrorOptions } from './ones-error.js';
import type { OnesErrorCode, OnesErrorResponse } from './ones-error-code.js';

/** Codes of {@link OnesHttpError}. */
export type OnesHttpErrorCode = Extract<
  OnesErrorCode,
  'ERR_HTTP_STATUS' | 'ERR_HTTP_NETWORK' | 'ERR_QR_SESSION_NOT_FOUND' | OnesLoginErrorCode
>;

/**
 * A request failed at the HTTP level: the server could not be reached (`ERR_HTTP_NETWORK`, no
 * `response`), or it answered with a non-2xx status that carries no OAuth `error` (`ERR_HTTP_STATUS`;
 * `ERR_QR_SESSION_NOT_FOUND` for a 404 from the QR status route, or from the IdP for
 * `verifyQrAuthSessionIdp(sessionId)`).
 *
 * @example
 * ```ts
 * import { OnesHttpError, qrSessionStatusClientV2 } from '@ones.dev/common';
 * try {
 *   await qrSessionStatusClientV2('https://shop.example', 'session-id');
 * } catch (error) {
 *   if (error instanceof OnesHttpError && error.response?.status === 404) {
 *     // the QR code expired: show a new one
 *   }
 * }
 * ```
 */
export class OnesHttpError extends OnesError {
  override readonly name = 'OnesHttpError';
  declare readonly code: OnesHttpErrorCode;
  /** The answer's status and body; absent when no answer arrived (`ERR_HTTP_NETWORK`). */
  declare readonly response: OnesErrorResponse | undefined;
  /** Seconds the server asked to wait (`Retry-After` on a 429 or 503), when it said. */
  declare readonly retryAfterSeconds: number | undefined;

  constructor(
    code: OnesHttpErrorCode,
    message: string,
    options: OnesErrorOptions & {
      readonly response?: OnesErrorResponse;
      readonly retryAfterSeconds?: number | undefined;
    } = {},
  ) {
    super(code, message, options);
    this.response = options.response;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
