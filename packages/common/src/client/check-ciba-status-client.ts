import { OnesOAuthError } from '../errors/errors.js';
import { failArgument } from '../internal/fail-argument.js';
import { readInteger, readOptional, readString, readText, requireObject } from '../internal/read-fields.js';
import { stillPendingIn } from '../polling/poll-ciba-status.js';
import type { CibaAuthStatusResponseDto } from '../schemas/routes/ciba-route-dtos.js';
import { isWireId } from '../wire/wire-id.js';
import type { ClientRequestOptions } from './client-request-options.js';
import { postJson } from './post-json.js';

const WHAT = 'CIBA status answer';

/** Checks the tokens answer of the CIBA status route (same verdicts as `CibaAuthStatusResponseDtoSchema`). */
export function parseCibaAuthStatusResponse(data: unknown): CibaAuthStatusResponseDto {
  const body = requireObject(data, WHAT);
  return {
    ...body,
    access_token: readString(body, 'access_token', WHAT),
    token_type: readString(body, 'token_type', WHAT),
    ...readOptional(body, 'expires_in', (b, f) => readInteger(b, f, WHAT, 1)),
    ...readOptional(body, 'refresh_token', (b, f) => readString(b, f, WHAT)),
    ...readOptional(body, 'id_token', (b, f) => readString(b, f, WHAT)),
    ...readOptional(body, 'scope', (b, f) => readText(b, f, WHAT)),
  };
}

/**
 * Asks the customer backend once whether a CIBA login finished (`POST {host}/api/auth/oidc/token`).
 * Resolves with the tokens once the user approved; while pending it rejects with `OnesOAuthError`
 * `ERR_OAUTH_AUTHORIZATION_PENDING` (or `ERR_OAUTH_SLOW_DOWN`), whose `response.status` is 400 as in
 * the vendor's examples (202 from the login kit in session mode, which says "not yet" without an error). Prefer {@link waitForCibaTokensClient}, which runs the whole loop.
 *
 * @param host - the customer backend's origin
 * @param authReqId - `auth_req_id` from {@link makeCibaRequestClient}
 * @param options - route path, `fetch`, `signal`, timeout, headers, credentials
 * @returns the tokens: `{ access_token, token_type, expires_in?, id_token?, refresh_token?, scope? }`
 * @throws OnesOAuthError `ERR_OAUTH_AUTHORIZATION_PENDING`, `ERR_OAUTH_SLOW_DOWN`, `ERR_OAUTH_ACCESS_DENIED`,
 * `ERR_OAUTH_EXPIRED_TOKEN`, `ERR_OAUTH_INVALID_GRANT`, `ERR_OAUTH_TRANSACTION_FAILED`
 * @throws OnesValidationError, OnesHttpError, OnesTimeoutError, OnesAbortError as {@link makeCibaRequestClient}
 * @example
 * ```ts
 * import { checkCibaStatusClient, isOnesError } from '@ones.dev/common';
 * try {
 *   const tokens = await checkCibaStatusClient('https://shop.example', 'auth-req-id');
 *   console.log(tokens.token_type);
 * } catch (error) {
 *   if (!isOnesError(error, 'ERR_OAUTH_AUTHORIZATION_PENDING')) throw error;
 * }
 * ```
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.10.1
 */
export async function checkCibaStatusClient(
  host: string,
  authReqId: string,
  options: ClientRequestOptions = {},
): Promise<CibaAuthStatusResponseDto> {
  if (!isWireId(authReqId)) {
    failArgument('authReqId', 'must be 1 to 512 visible ASCII characters');
  }
  const data = await postJson({
    host,
    defaultPath: '/api/auth/oidc/token',
    body: { authRequestId: authReqId },
    options,
    reading: 'ciba-status',
  });
  // the login kit's session mode says "not yet" with a 202: the same error as the vendor's 400
  const stillPending = stillPendingIn(data);
  if (stillPending !== undefined) {
    const slowDown = stillPending.outcome === 'slow_down';
    throw new OnesOAuthError(
      slowDown ? 'ERR_OAUTH_SLOW_DOWN' : 'ERR_OAUTH_AUTHORIZATION_PENDING',
      slowDown ? 'polled sooner than the interval (HTTP 202)' : 'the login is still pending (HTTP 202)',
      { error: slowDown ? 'slow_down' : 'authorization_pending', response: { status: 202, data } },
    );
  }
  return parseCibaAuthStatusResponse(data);
}
