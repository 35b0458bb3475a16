import { OnesOAuthError } from '@ones.dev/common';
import { CibaAuthStatusRequestFrontendDtoSchema } from '@ones.dev/common/schemas';
import { type PendingLogin, withPendingLogin } from '../cookies/pending-logins.js';
import type { PingDecisions } from '../defences/ping-decisions.js';
import { jsonAnswer, LoginRefusal, type RouteAnswer } from '../http/answers.js';
import type { KitServices } from '../kit-services.js';
import { secondsOf } from '../settings/clock.js';
import { completeLogin } from './complete-login.js';
import { type LoginRoute, ownPendingLogin, type RouteRequest, savePendingLogins } from './route-request.js';

/** The IdP's answers after which a login is over. */
const TERMINAL = new Set(['access_denied', 'expired_token', 'invalid_grant', 'transaction_failed']);
/** Without a notification, the kit asks the IdP itself once every this many seconds per login. */
const FALLBACK_POLL_SECONDS = 30;

/**
 * The answer while a login is not done, or once it failed. Still pending in session mode: HTTP 202
 * `{ status: 'pending' }` (or `'slow_down'`), so a browser's console shows no error while the user
 * approves; in tokens mode the vendor's 400 `{ error }`. A login that ended is a 400 in both modes.
 */
function pending(kit: KitServices, error = 'authorization_pending'): RouteAnswer {
  const stillPending = error === 'authorization_pending' || error === 'slow_down';
  if (stillPending && kit.settings.mode === 'session')
    return jsonAnswer(202, { status: error === 'slow_down' ? 'slow_down' : 'pending' });
  return jsonAnswer(400, { error });
}

/**
 * Ping mode: whether to ask the IdP now, and this request is the one to (a claim across instances).
 * Every 30 s without a notification the kit asks the IdP itself, at once and without holding;
 * otherwise the request is held until the notification, up to `holdMs`. A made-up login goes
 * through the same steps and is never notified. Nothing is asked once the browser went away: the
 * tokens could be fetched only once.
 */
async function isDecided(
  request: RouteRequest,
  kit: KitServices,
  ping: PingDecisions,
  login: PendingLogin,
  holdMs: number,
): Promise<boolean> {
  const round = Math.floor((secondsOf(kit.clock) - login.startedAt) / FALLBACK_POLL_SECONDS);
  if (round >= 1 && (await ping.claim(login.id, `fallback-${round}`)))
    return request.signal?.aborted !== true;
  const token = login.notificationToken;
  const told = token !== undefined && (await ping.waitFor(token, login.id, holdMs, request.signal));
  if (!told || request.signal?.aborted === true) return false;
  return ping.claim(login.id, 'notified');
}

/** Poll mode: whether the IdP's own interval allows asking it about `login` now. */
async function isIdpDue(kit: KitServices, login: PendingLogin): Promise<boolean> {
  if (login.idpInterval <= login.interval) return true;
  const key = kit.keys.idpPace(login.id);
  return kit.store.orLocal((store) => store.add(key, '1', login.idpInterval));
}

/** Asks the IdP about a real login: the session (or tokens) once approved, else the IdP's error. */
async function askTheIdp(
  request: RouteRequest,
  kit: KitServices,
  logins: PendingLogin[],
  login: PendingLogin,
  ended: boolean,
): Promise<RouteAnswer> {
  const started = performance.now();
  try {
    const tokens = await kit.idp((options) => kit.settings.auth.checkCibaStatus(login.id, options));
    await savePendingLogins(request, kit, withPendingLogin(logins, undefined, [login.id]));
    return await completeLogin(request, kit, tokens);
  } catch (error) {
    if (!(error instanceof OnesOAuthError) || error.response?.status !== 400) throw error;
    if (error.error === 'authorization_pending' || error.error === 'slow_down') {
      await kit.madeUp.lastLikeEveryPoll(started, performance.now() - started, request.signal);
    }
    if (TERMINAL.has(error.error) || ended) {
      await savePendingLogins(request, kit, withPendingLogin(logins, undefined, [login.id]));
    }
    // Only the error code: the IdP's description would tell a real login from a made-up one. The
    // kit keeps to the IdP's interval itself: a `slow_down` from the IdP is the kit's, not the browser's.
    return pending(kit, error.error === 'slow_down' ? 'authorization_pending' : error.error);
  }
}

/**
 * `POST /oidc/token` `{ authRequestId }`: whether this browser's CIBA login finished. While pending,
 * in session mode HTTP 202 `{ status: 'pending' }` (`'slow_down'` when asked sooner than the
 * interval); in tokens mode HTTP 400 `{ error: 'authorization_pending' }` (or `slow_down`), the
 * vendor's contract. Once approved: the session (`{ user, expiresAt }`, tokens in a cookie) or, in
 * tokens mode, the tokens. Denied or expired: 400 `{ error }` in both modes.
 */
export const checkCibaLogin: LoginRoute = async (request, kit) => {
  const body = CibaAuthStatusRequestFrontendDtoSchema.safeParse(request.body);
  const { logins, login } = body.success
    ? await ownPendingLogin(request, kit, 'ciba', body.data.authRequestId)
    : { logins: [], login: undefined };
  if (login === undefined)
    throw new LoginRefusal('ERR_LOGIN_NOT_FOUND', 'no such login in progress in this browser');
  const ended = login.expiresAt <= secondsOf(kit.clock);
  const { ping } = kit;
  const holdMs = kit.settings.cibaPingHoldMs;
  if (ping !== undefined && holdMs !== undefined && !ended) {
    // a held request paces itself; the kit asks the IdP only when told, or as a fallback
    if (!(await isDecided(request, kit, ping, login, holdMs))) return pending(kit);
  } else {
    // Polled faster than its interval: the kit says slow_down, for a real login and a made-up one
    // alike, and the IdP is spared the request.
    const pace = kit.keys.pollPace(login.id);
    const paced = await kit.store.orLocal((store) =>
      store.add(pace, '1', Math.round(login.interval * 800) / 1000),
    );
    if (!paced) return pending(kit, 'slow_down');
    if (!(await isIdpDue(kit, login))) return pending(kit);
  }
  if (login.decoy === 1) {
    // here a real login asks the IdP: a made-up one takes as long, without a signature
    await kit.madeUp.lastLikeEveryPoll(performance.now(), undefined, request.signal);
    if (ended) await savePendingLogins(request, kit, withPendingLogin(logins, undefined, [login.id]));
    return pending(kit, ended ? 'expired_token' : 'authorization_pending');
  }
  if (ping === undefined || ended) return askTheIdp(request, kit, logins, login, ended);
  // ping mode: an IdP that failed to answer leaves the tokens there; the next request may fetch them
  return askTheIdp(request, kit, logins, login, ended).catch(async (error: unknown) => {
    await ping.release(login.id, 'notified');
    throw error;
  });
};
