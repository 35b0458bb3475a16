import { postJson } from '../client/post-json.js';
import { pollCibaStatus, type StillPending, stillPendingIn } from '../polling/poll-ciba-status.js';
import type { PollOptions } from '../polling/poll-until.js';
import type { CibaAuthRequestResponseDto } from '../schemas/routes/ciba-route-dtos.js';
import {
  type OnesSession,
  parseOnesSession,
  routeOptions,
  type SessionClientOptions,
} from './ones-session.js';

/** The kit's answer while the login is pending (202 `{ status }`), or the session once approved. */
function sessionOrPending(data: unknown): OnesSession | StillPending {
  return stillPendingIn(data) ?? parseOnesSession(data);
}

/**
 * Options of {@link waitForSessionClient}: the request options, `signal` and `onPoll`.
 *
 * @example
 * ```ts
 * import type { WaitForSessionClientOptions } from '@ones.dev/common';
 * const options: WaitForSessionClientOptions = { signal: AbortSignal.timeout(120_000) };
 * ```
 */
export type WaitForSessionClientOptions = SessionClientOptions & PollOptions;

/**
 * Polls the login kit's `POST /oidc/token` by the CIBA rules (every `interval`, +5 s on `slow_down`,
 * `Retry-After`, never overlapping, until `expires_in` or `signal`) until the user approved, and
 * resolves with the session the kit started; the tokens stay on the server. The kit answers 202
 * `{ status: 'pending' }` while the user has not decided (a 400 `authorization_pending` is read the same way).
 *
 * @param host - your backend's origin
 * @param login - `auth_req_id`, `expires_in` and `interval` of the login, as the kit answered
 * @param options - `basePath`, `signal`, `onPoll`, timeout, headers, `fetch`
 * @returns the session: `{ user, expiresAt }`
 * @throws OnesOAuthError `ERR_OAUTH_ACCESS_DENIED`, `ERR_OAUTH_EXPIRED_TOKEN`; OnesTimeoutError `ERR_TIMEOUT_POLLING`;
 * OnesHttpError (404 when the login is not this browser's); OnesAbortError
 * @example
 * ```ts
 * import { waitForSessionClient } from '@ones.dev/common';
 * const session = await waitForSessionClient('https://shop.example', { auth_req_id: 'id', expires_in: 120, interval: 5 });
 * console.info(session.user.sub);
 * ```
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.7.3
 */
export function waitForSessionClient(
  host: string,
  login: Pick<CibaAuthRequestResponseDto, 'auth_req_id' | 'expires_in' | 'interval'>,
  options: WaitForSessionClientOptions = {},
): Promise<OnesSession> {
  return pollCibaStatus('the login', login, routeOptions(options, '/oidc/token'), async (pollOptions) =>
    sessionOrPending(
      await postJson({
        host,
        defaultPath: '',
        body: { authRequestId: login.auth_req_id },
        options: pollOptions,
        reading: 'ciba-status',
      }),
    ),
  );
}
