import { makeCibaRequestClient } from '../client/make-ciba-request-client.js';
import { makeQrSessionClientV2 } from '../client/make-qr-session-client-v2.js';
import { postJson } from '../client/post-json.js';
import { waitForQrAuthRequestClient } from '../polling/wait-for-qr-auth-request-client.js';
import type { TokenResponse } from '../schemas/idp/token-response.js';
import type { CibaAuthRequestResponseDto } from '../schemas/routes/ciba-route-dtos.js';
import type { LoginStartedEvent } from '../session/log-in-with-username-client.js';
import { type OnesSession, routeOptions } from '../session/ones-session.js';
import { waitForSessionClient } from '../session/wait-for-session-client.js';

/**
 * What an `ones-login` event carries: in session mode (the login kit's default) the user's claims
 * and when the session ends; in tokens mode (the vendor's four routes) the tokens.
 *
 * @example
 * ```ts
 * import type { OnesLoginDetail } from '@ones.dev/common/widget';
 *
 * const show = (detail: OnesLoginDetail) =>
 *   detail.mode === 'session' ? detail.user.sub : detail.tokens.access_token.length;
 * document.querySelector('ones-login')?.addEventListener('ones-login', (event) => show(event.detail));
 * ```
 */
export type OnesLoginDetail =
  | ({ readonly mode: 'session' } & OnesSession)
  | { readonly mode: 'tokens'; readonly tokens: TokenResponse };

/** Where a login runs and what it tells the element on the way. */
export interface WidgetLoginRun {
  readonly host: string;
  readonly basePath: string;
  readonly mode: 'session' | 'tokens';
  readonly signal: AbortSignal;
  /** The phone was asked (or the QR code scanned): the login's code and how long it has. */
  readonly onStarted: (event: LoginStartedEvent, scanned: boolean, authRequestId: string) => void;
  readonly onQrCode: (content: string, expiresIn: number, sessionId: string) => void;
}

/**
 * The same routes in both modes (the kit answers the vendor's four in tokens mode): only the
 * final poll differs, a session or the tokens. The code is the kit's `loginCode` when it sends one.
 * What only tokens mode needs is loaded when it is used (`widget-tokens-mode.ts`).
 */
async function finish(
  run: WidgetLoginRun,
  login: Pick<CibaAuthRequestResponseDto, 'auth_req_id' | 'expires_in' | 'interval'> & {
    loginCode?: unknown;
  },
  scanned: boolean,
): Promise<OnesLoginDetail> {
  const { host, basePath, signal } = run;
  const tokensMode =
    run.mode === 'tokens' || typeof login.loginCode !== 'string'
      ? await import('./widget-tokens-mode.js')
      : undefined;
  const loginCode =
    typeof login.loginCode === 'string'
      ? login.loginCode
      : (tokensMode?.buildLoginCode(login.auth_req_id) ?? '');
  run.onStarted({ loginCode, expiresIn: login.expires_in }, scanned, login.auth_req_id);
  if (run.mode === 'tokens' && tokensMode !== undefined) return tokensMode.waitForTokens(run, login);
  return { mode: 'session', ...(await waitForSessionClient(host, login, { basePath, signal })) };
}

/**
 * Tells the login kit that the user gave up on a login (`POST /cancel`), so that it forgets it; a
 * backend without the route, or one that cannot be reached, changes nothing for the user.
 */
export function forgetLogin(
  run: Pick<WidgetLoginRun, 'host' | 'basePath'>,
  login: { readonly authRequestId: string } | { readonly sessionId: string },
): void {
  postJson({
    host: run.host,
    defaultPath: '',
    body: login,
    options: routeOptions({ basePath: run.basePath }, '/cancel'),
  }).catch(() => {});
}

/** A login by username (CIBA), in the element's mode. */
export async function runUsernameLogin(run: WidgetLoginRun, username: string): Promise<OnesLoginDetail> {
  const options = routeOptions({ basePath: run.basePath, signal: run.signal }, '/oidc/bc-authorize');
  return finish(run, await makeCibaRequestClient(run.host, username, options), false);
}

/** A login by QR code: the phone scans, then approves; in the element's mode. */
export async function runQrLogin(run: WidgetLoginRun): Promise<OnesLoginDetail> {
  const { host, basePath, signal } = run;
  const qr = await makeQrSessionClientV2(host, routeOptions({ basePath, signal }, '/qr/make'));
  // what buildQrCodeContent makes, without checking again what makeQrSessionClientV2 just checked
  const { cbUrl, sessionId, exp } = qr;
  run.onQrCode(JSON.stringify({ cbUrl, sessionId, exp }), qr.expIn, sessionId);
  const scanned = await waitForQrAuthRequestClient(
    host,
    qr,
    routeOptions({ basePath, signal }, '/qr/status'),
  );
  return finish(run, scanned, true);
}
