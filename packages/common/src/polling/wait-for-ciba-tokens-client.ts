import { checkCibaStatusClient } from '../client/check-ciba-status-client.js';
import type { ClientRequestOptions } from '../client/client-request-options.js';
import type {
  CibaAuthRequestResponseDto,
  CibaAuthStatusResponseDto,
} from '../schemas/routes/ciba-route-dtos.js';
import { pollCibaStatus } from './poll-ciba-status.js';
import type { PollOptions } from './poll-until.js';

/** Options of {@link waitForCibaTokensClient}: request options for each poll, plus `signal` and `onPoll`. */
export type WaitForCibaTokensClientOptions = ClientRequestOptions & PollOptions;

/**
 * Waits until the user approves a CIBA login on the phone, polling the customer backend with
 * {@link checkCibaStatusClient}: every `interval` seconds (default 5), 5 s more after `slow_down`,
 * never two polls at once, never again after the tokens arrived. A 400 "still pending" answer keeps
 * it polling; a denial or expiry ends it.
 *
 * @param host - the customer backend's origin
 * @param login - the answer of {@link makeCibaRequestClient} (`auth_req_id`, `expires_in`, `interval?`)
 * @param options - `signal`, `onPoll`, and the request options of each poll
 * @returns the tokens
 * @throws OnesOAuthError `ERR_OAUTH_ACCESS_DENIED`, `ERR_OAUTH_EXPIRED_TOKEN`, `ERR_OAUTH_INVALID_GRANT`, `ERR_OAUTH_TRANSACTION_FAILED`
 * @throws OnesTimeoutError `ERR_TIMEOUT_POLLING` after `expires_in` seconds; OnesAbortError `ERR_ABORTED`
 * @throws OnesHttpError, OnesValidationError as {@link checkCibaStatusClient}
 * @example
 * ```ts
 * import { makeCibaRequestClient, waitForCibaTokensClient } from '@ones.dev/common';
 * const host = 'https://shop.example';
 * const login = await makeCibaRequestClient(host, 'alice');
 * const tokens = await waitForCibaTokensClient(host, login, {
 *   onPoll: ({ remainingSeconds }) => console.log(`waiting for approval, ${remainingSeconds} s left`),
 * });
 * ```
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.7.3
 */
export function waitForCibaTokensClient(
  host: string,
  login: Pick<CibaAuthRequestResponseDto, 'auth_req_id' | 'expires_in' | 'interval'>,
  options: WaitForCibaTokensClientOptions = {},
): Promise<CibaAuthStatusResponseDto> {
  return pollCibaStatus('the CIBA login', login, options, (requestOptions) =>
    checkCibaStatusClient(host, login.auth_req_id, requestOptions),
  );
}
