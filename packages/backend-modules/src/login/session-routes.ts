import { jsonAnswer, LoginRefusal } from './login-answers.js';
import type { LoginRoute, RouteContext } from './route-context.js';

function requireSessionMode(context: RouteContext): void {
  if (context.kit.settings.mode !== 'session') {
    throw new LoginRefusal('ERR_LOGIN_WRONG_MODE', 'this route exists in session mode only');
  }
}

/** The request's session, or a 401 refusal (deleting a cookie that does not open). */
export async function currentSession(context: RouteContext) {
  const cookieHeader = context.facts.headers.get('cookie');
  const session = await context.kit.session(cookieHeader, context.secure);
  if (session === undefined) {
    // a cookie that does not open (forged, expired, logged out) is deleted
    if (cookieHeader?.includes('ones-session=')) {
      context.setCookies.push(await context.kit.sessionCookie(undefined, context.secure));
    }
    throw new LoginRefusal('ERR_LOGIN_NO_SESSION', 'not logged in');
  }
  return session;
}

/** `GET /session`: who is logged in on this browser, `{ user, expiresAt }`, or 401. */
export const readSession: LoginRoute = async (context) => {
  requireSessionMode(context);
  const session = await currentSession(context);
  const touched = context.kit.touched(session);
  if (touched !== undefined)
    context.setCookies.push(await context.kit.sessionCookie(touched, context.secure));
  return jsonAnswer(200, context.kit.view(touched ?? session));
};

/**
 * `POST /refresh`. Session mode: refreshes the session's tokens now (at most every 30 s per session)
 * and answers `{ user, expiresAt }` (401 once the IdP refuses). Tokens mode: `{ refresh_token }` → the IdP's new tokens.
 */
export const refreshLogin: LoginRoute = async (context) => {
  const { kit } = context;
  if (kit.settings.mode === 'tokens') {
    const refreshToken = context.body.refresh_token;
    if (typeof refreshToken !== 'string' || refreshToken === '') {
      throw new LoginRefusal('ERR_LOGIN_BODY_INVALID', '"refresh_token" must be a non-empty string');
    }
    return jsonAnswer(200, await kit.settings.auth.refreshAccessToken(refreshToken));
  }
  const session = await currentSession(context);
  // At most one forced refresh per session every 30 s: a loop of POSTs must not become a loop of
  // token requests at the IdP (in between, a refresh happens only when the token is about to expire).
  // The pace starts once a refresh succeeded, so a failed one can be retried at once; two at the same
  // moment share one refresh (see SessionRefresher).
  const pace = `ones:refresh-pace:${session.sid}`;
  const force = (await kit.settings.store.get(pace)) === null;
  const next = await kit.fresh(session, force);
  if (force && next !== undefined) await kit.settings.store.set(pace, '1', 30);
  context.setCookies.push(await kit.sessionCookie(next, context.secure));
  if (next === undefined) throw new LoginRefusal('ERR_LOGIN_NO_SESSION', 'the session ended; log in again');
  return jsonAnswer(200, kit.view(next));
};

/**
 * `POST /logout`: ends the session for good (its cookie, even replayed, no longer opens on any
 * instance that shares the store) and deletes every kit cookie on this browser.
 */
export const logOut: LoginRoute = async (context) => {
  const { kit } = context;
  // the cookies go whatever happens next
  context.setCookies.push(
    await kit.sessionCookie(undefined, context.secure),
    await kit.pendingLoginsCookie([], context.secure),
  );
  const session = await kit.session(context.facts.headers.get('cookie'), context.secure);
  if (session !== undefined) await kit.logOut(session);
  return jsonAnswer(200, { loggedOut: true });
};
