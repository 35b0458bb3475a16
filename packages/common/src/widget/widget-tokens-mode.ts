import { buildLoginCode } from '../ciba/build-login-code.js';
import { waitForCibaTokensClient } from '../polling/wait-for-ciba-tokens-client.js';
import type { CibaAuthRequestResponseDto } from '../schemas/routes/ciba-route-dtos.js';
import { routeOptions } from '../session/ones-session.js';
import type { OnesLoginDetail, WidgetLoginRun } from './widget-logins.js';

/**
 * What only `<ones-login mode="tokens">` (the vendor's four routes) needs, in a file of its own that
 * a page in session mode never downloads: the login code made from `auth_req_id` (the vendor's
 * routes send none; the login kit sends `loginCode`), and the wait for the tokens.
 */
export { buildLoginCode };

/** Waits for the tokens of a login, as the vendor's status route hands them over. */
export async function waitForTokens(
  run: WidgetLoginRun,
  login: Pick<CibaAuthRequestResponseDto, 'auth_req_id' | 'expires_in' | 'interval'>,
): Promise<OnesLoginDetail> {
  const { host, basePath, signal } = run;
  const tokens = await waitForCibaTokensClient(
    host,
    login,
    routeOptions({ basePath, signal }, '/oidc/token'),
  );
  return { mode: 'tokens', tokens };
}
