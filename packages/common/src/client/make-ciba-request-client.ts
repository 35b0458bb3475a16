import type { LoginHintKind } from '../enums/login-hint-kind.js';
import { failArgument } from '../internal/fail-argument.js';
import { readInteger, readOptional, readWireId, requireObject } from '../internal/read-fields.js';
import type { CibaAuthRequestResponseDto } from '../schemas/routes/ciba-route-dtos.js';
import type { ClientRequestOptions } from './client-request-options.js';
import { postJson } from './post-json.js';

/** Options of {@link makeCibaRequestClient}. */
export interface MakeCibaRequestClientOptions extends ClientRequestOptions {
  /** How `userIdentifier` names the user; default: the backend's choice (OnesID username). */
  readonly loginHintKind?: LoginHintKind;
}

const WHAT = 'CIBA start answer';

/** Checks the answer of the CIBA start route (same verdicts as `CibaAuthRequestResponseDtoSchema`). */
export function parseCibaAuthRequestResponse(data: unknown): CibaAuthRequestResponseDto {
  const body = requireObject(data, WHAT);
  return {
    ...body,
    auth_req_id: readWireId(body, 'auth_req_id', WHAT),
    expires_in: readInteger(body, 'expires_in', WHAT, 1),
    ...readOptional(body, 'interval', (b, f) => readInteger(b, f, WHAT, 0)),
  };
}

/**
 * Starts a CIBA login for a user: asks the customer backend (`POST {host}/api/auth/oidc/bc-authorize`)
 * to send a login request to the user's phone. Pass the answer to {@link waitForCibaTokensClient}.
 *
 * @param host - the customer backend's origin, e.g. `https://shop.example`
 * @param userIdentifier - the user's OnesID username (or e-mail/phone with `loginHintKind`)
 * @param options - route path, `fetch`, `signal`, timeout, headers, credentials
 * @returns `{ auth_req_id, expires_in, interval? }`
 * @throws OnesValidationError `ERR_VALIDATION_ARGUMENT` (bad host or identifier), `ERR_VALIDATION_RESPONSE`
 * @throws OnesOAuthError e.g. `ERR_OAUTH_UNKNOWN_USER_ID` when the backend passes the IdP's error on
 * @throws OnesHttpError `ERR_HTTP_STATUS`, `ERR_HTTP_NETWORK`; OnesTimeoutError `ERR_TIMEOUT_REQUEST`; OnesAbortError `ERR_ABORTED`
 * @example
 * ```ts
 * import { makeCibaRequestClient } from '@ones.dev/common';
 * const login = await makeCibaRequestClient('https://shop.example', 'alice');
 * console.log(`approve on your phone within ${login.expires_in} s`);
 * ```
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.7
 */
export async function makeCibaRequestClient(
  host: string,
  userIdentifier: string,
  options: MakeCibaRequestClientOptions = {},
): Promise<CibaAuthRequestResponseDto> {
  if (typeof userIdentifier !== 'string' || userIdentifier.trim() === '' || userIdentifier.length > 256) {
    failArgument('userIdentifier', 'must be a non-empty string of at most 256 characters');
  }
  const body =
    options.loginHintKind === undefined
      ? { userIdentifier }
      : { userIdentifier, loginHintKind: options.loginHintKind };
  const data = await postJson({ host, defaultPath: '/api/auth/oidc/bc-authorize', body, options });
  return parseCibaAuthRequestResponse(data);
}
