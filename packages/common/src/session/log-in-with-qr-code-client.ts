import { buildLoginCode } from '../ciba/build-login-code.js';
import { makeQrSessionClientV2 } from '../client/make-qr-session-client-v2.js';
import { waitForQrAuthRequestClient } from '../polling/wait-for-qr-auth-request-client.js';
import { buildQrCodeContent } from '../qr/authentication-qr-code-content.js';
import type { LoginStartedEvent } from './log-in-with-username-client.js';
import { type OnesSession, routeOptions } from './ones-session.js';
import { type WaitForSessionClientOptions, waitForSessionClient } from './wait-for-session-client.js';

/**
 * Options of {@link logInWithQrCodeClient}: `onQrCode` (required) shows the code.
 *
 * @example
 * ```ts
 * import type { LogInWithQrCodeClientOptions } from '@ones.dev/common';
 * const options: LogInWithQrCodeClientOptions = { onQrCode: ({ content }) => console.info(content) };
 * ```
 */
export type LogInWithQrCodeClientOptions = WaitForSessionClientOptions & {
  /** Called with the text to encode as a QR code (render it with `@ones.dev/common/qr`) and its lifetime. */
  readonly onQrCode: (event: { readonly content: string; readonly expiresIn: number }) => void;
  /** Called once the phone scanned the code, with the login's code and how long it has. */
  readonly onScanned?: (event: LoginStartedEvent) => void;
};

/**
 * Logs the user in through the login kit (session mode) by QR code: creates a QR session, hands its
 * content to `onQrCode`, waits for the scan (`onScanned` with the login code), then for approval.
 *
 * @param host - your backend's origin
 * @param options - `onQrCode`, `onScanned`, `basePath`, `signal`, `onPoll`, timeout
 * @returns the session: `{ user, expiresAt }`
 * @throws OnesTimeoutError `ERR_TIMEOUT_POLLING` (not scanned in time); OnesOAuthError `ERR_OAUTH_ACCESS_DENIED`;
 * OnesHttpError (404 once the QR session ended), OnesAbortError
 * @example
 * ```ts
 * import { logInWithQrCodeClient } from '@ones.dev/common';
 * import { renderQrCodeSvg } from '@ones.dev/common/qr';
 * const session = await logInWithQrCodeClient('https://shop.example', {
 *   onQrCode: ({ content }) => console.info(renderQrCodeSvg(content)),
 * });
 * console.info(session.user.sub);
 * ```
 */
export async function logInWithQrCodeClient(
  host: string,
  options: LogInWithQrCodeClientOptions,
): Promise<OnesSession> {
  const session = await makeQrSessionClientV2(host, routeOptions(options, '/qr/make'));
  options.onQrCode({ content: buildQrCodeContent(session), expiresIn: session.expIn });
  const scanned = await waitForQrAuthRequestClient(host, session, {
    ...options,
    ...routeOptions(options, '/qr/status'),
  });
  const code = (scanned as { loginCode?: unknown }).loginCode;
  options.onScanned?.({
    loginCode: typeof code === 'string' ? code : buildLoginCode(scanned.authRequestId),
    expiresIn: scanned.expires_in,
  });
  return waitForSessionClient(host, scanned, options);
}
