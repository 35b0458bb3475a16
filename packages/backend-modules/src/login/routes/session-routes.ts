import { sessionView } from '../cookies/login-session.js';
import { jsonAnswer, LoginRefusal } from '../http/answers.js';
import { currentSession, type LoginRoute, requireSessionMode } from './route-request.js';

/** How often a session may force a refresh (`POST /refresh`), in seconds. */
const REFRESH_PACE_SECONDS = 30;

/** `GET /session`: who is logged in on this browser, `{ user, expiresAt }`, or 401 (503 while unverifiable). */
export const readSession: LoginRoute = async (request, kit) => {
  requireSessionMode(kit);
  const session = await currentSession(request, kit);
  const touched = kit.sessions.touched(session);
  if (touched !== undefined) request.setCookies.push(await kit.cookies.sessionCookie(touched));
  return jsonAnswer(200, sessionView(touched ?? session));
};

/**
 * `POST /refresh`. Session mode: refreshes the session's tokens now (at most every 30 s per session)
 * and answers `{ user, expiresAt }` (401 once the IdP refuses). Tokens mode: `{ refresh_token }` → the IdP's new tokens.
 */
export const refreshLogin: LoginRoute = async (request, kit) => {
  if (kit.settings.mode === 'tokens') {
    const refreshToken = request.body.refresh_token;
    if (typeof refreshToken !== 'string' || refreshToken === '') {
      throw new LoginRefusal('ERR_LOGIN_BODY_INVALID', '"refresh_token" must be a non-empty string');
    }
    return jsonAnswer(
      200,
      await kit.idp((options) => kit.settings.auth.refreshAccessToken(refreshToken, options)),
    );
  }
  const session = await currentSession(request, kit);
  // At most one forced refresh per session every 30 s: a loop of POSTs must not become a loop of
  // token requests at the IdP (in between, a refresh happens only when the token is about to expire).
  // The pace starts once a refresh succeeded, so a failed one can be retried at once; two at the same
  // moment share one refresh (see SessionRefresher).
  const pace = kit.keys.refreshPace(session.sid);
  const force = (await kit.store.orLocal((store) => store.get(pace))) === null;
  const next = await kit.refresher.fresh(session, force);
  if (force && next !== undefined) {
    await kit.store.orLocal((store) => store.set(pace, '1', REFRESH_PACE_SECONDS));
  }
  request.setCookies.push(await kit.cookies.sessionCookie(next));
  if (next === undefined) throw new LoginRefusal('ERR_LOGIN_NO_SESSION', 'the session ended; log in again');
  return jsonAnswer(200, sessionView(next));
};

/**
 * `POST /logout`: ends the session for good and deletes every kit cookie on this browser. Answers
 * `200 { loggedOut: true, everywhere: true }` once every instance sharing the store refuses the
 * cookie, replayed or not; `202 { loggedOut: true, everywhere: false }` when the store did not
 * answer: this instance refuses it, and the others will once the store takes the logout.
 */
export const logOut: LoginRoute = async (request, kit) => {
  // the cookies go whatever happens next
  request.setCookies.push(
    await kit.cookies.sessionCookie(undefined),
    await kit.cookies.pendingLoginsCookie([]),
  );
  // the cookie itself, not its lookup: a logout needs no store to begin
  const session = await kit.cookies.session(request.headers.get('cookie'));
  const { everywhere } = session === undefined ? { everywhere: true } : await kit.sessions.logOut(session);
  return jsonAnswer(everywhere ? 200 : 202, { loggedOut: true, everywhere });
};
