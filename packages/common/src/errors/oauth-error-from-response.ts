import type { OnesErrorResponse } from './error-codes.js';
import { OnesOAuthError, type OnesOAuthErrorCode } from './errors.js';

/** The OAuth errors with a code of their own: `access_denied` is `ERR_OAUTH_ACCESS_DENIED`, etc. */
const KNOWN_OAUTH_ERRORS =
  'authorization_pending slow_down access_denied expired_token invalid_grant transaction_failed invalid_client invalid_request unknown_user_id invalid_token'.split(
    ' ',
  );

const MAX_DESCRIPTION_LENGTH = 200;
// OAuth error codes are snake_case ASCII (RFC 6749 §5.2 and every registered value). Framework
// envelopes such as NestJS's `{ statusCode: 400, error: 'Bad Request', message }` are not OAuth errors.
const OAUTH_ERROR_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Turns an HTTP answer whose body carries an OAuth `error` (a snake_case code) into an
 * {@link OnesOAuthError}, or returns `undefined` when it does not. The message quotes `error` and a bounded,
 * printable `error_description`; nothing else from the body.
 *
 * @param response - the answer's status and parsed body
 * @returns the error to throw, or `undefined` when this is not an OAuth error body
 * @example
 * ```ts
 * import { oauthErrorFromResponse } from '@ones.dev/common/internal';
 * const error = oauthErrorFromResponse({ status: 400, data: { error: 'access_denied' } });
 * console.log(error?.code); // 'ERR_OAUTH_ACCESS_DENIED'
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export function oauthErrorFromResponse(response: OnesErrorResponse): OnesOAuthError | undefined {
  const body = response.data;
  if (typeof body !== 'object' || body === null) return undefined;
  const { error, error_description: rawDescription } = body as Record<string, unknown>;
  if (typeof error !== 'string' || !OAUTH_ERROR_CODE.test(error)) return undefined;
  const code = (
    KNOWN_OAUTH_ERRORS.includes(error) ? `ERR_OAUTH_${error.toUpperCase()}` : 'ERR_OAUTH_OTHER'
  ) as OnesOAuthErrorCode;
  const errorDescription =
    typeof rawDescription === 'string'
      ? rawDescription.replace(/[^\x20-\x7E]/g, '?').slice(0, MAX_DESCRIPTION_LENGTH)
      : undefined;
  const message = `the server answered HTTP ${response.status} with OAuth error "${error}"${errorDescription ? `: ${errorDescription}` : ''}`;
  return new OnesOAuthError(code, message, { error, errorDescription, response });
}
