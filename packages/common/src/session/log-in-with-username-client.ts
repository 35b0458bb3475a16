import { buildLoginCode } from '../ciba/build-login-code.js';
import { makeCibaRequestClient } from '../client/make-ciba-request-client.js';
import type { LoginHintKind } from '../enums/login-hint-kind.js';
import type { OnesSession } from './ones-session.js';
import { routeOptions } from './ones-session.js';
import { type WaitForSessionClientOptions, waitForSessionClient } from './wait-for-session-client.js';

/**
 * What the page shows while the user approves on the phone: the login's code (the phone shows the
 * same), and how long the login has.
 *
 * @example
 * ```ts
 * import type { LoginStartedEvent } from '@ones.dev/common';
 * const show = ({ loginCode, expiresIn }: LoginStartedEvent) => `Approve ${loginCode} within ${expiresIn} s`;
 * ```
 */
export interface LoginStartedEvent {
  readonly loginCode: string;
  /** Seconds the login has. */
  readonly expiresIn: number;
}

/**
 * Options of {@link logInWithUsernameClient}.
 *
 * @example
 * ```ts
 * import type { LogInWithUsernameClientOptions } from '@ones.dev/common';
 * const options: LogInWithUsernameClientOptions = { loginHintKind: 'email', onStarted: ({ loginCode }) => console.info(loginCode) };
 * ```
 */
export type LogInWithUsernameClientOptions = WaitForSessionClientOptions & {
  /** What `userIdentifier` is; default a OnesID username. */
  readonly loginHintKind?: LoginHintKind;
  /** Called once the phone was asked, with the code to show next to "approve on your phone". */
  readonly onStarted?: (event: LoginStartedEvent) => void;
};

/**
 * Logs the user in through the login kit (session mode) by username: starts a CIBA login, reports
 * its code with `onStarted`, and waits until the user approved on the phone.
 *
 * @param host - your backend's origin
 * @param userIdentifier - the user's OnesID username (or e-mail etc., with `loginHintKind`)
 * @param options - `onStarted`, `loginHintKind`, `basePath`, `signal`, `onPoll`, timeout
 * @returns the session: `{ user, expiresAt }`
 * @throws OnesOAuthError `ERR_OAUTH_ACCESS_DENIED` (denied on the phone), `ERR_OAUTH_EXPIRED_TOKEN`;
 * OnesHttpError 429 (too many logins), OnesTimeoutError, OnesAbortError
 * @example
 * ```ts
 * import { logInWithUsernameClient } from '@ones.dev/common';
 * const session = await logInWithUsernameClient('https://shop.example', 'alice', {
 *   onStarted: ({ loginCode }) => console.info(`Approve the login ${loginCode} on your phone`),
 * });
 * console.info(`Hello ${session.user.sub}`);
 * ```
 */
export async function logInWithUsernameClient(
  host: string,
  userIdentifier: string,
  options: LogInWithUsernameClientOptions = {},
): Promise<OnesSession> {
  const login = await makeCibaRequestClient(host, userIdentifier, {
    ...routeOptions(options, '/oidc/bc-authorize'),
    ...(options.loginHintKind === undefined ? {} : { loginHintKind: options.loginHintKind }),
  });
  const code = (login as { loginCode?: unknown }).loginCode;
  options.onStarted?.({
    loginCode: typeof code === 'string' ? code : buildLoginCode(login.auth_req_id),
    expiresIn: login.expires_in,
  });
  return waitForSessionClient(host, login, options);
}
