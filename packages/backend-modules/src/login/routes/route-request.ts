import type { LoginSession } from '../cookies/login-session.js';
import type { PendingLogin } from '../cookies/pending-logins.js';
import { LoginRefusal, type RouteAnswer } from '../http/answers.js';
import type { HeaderReader } from '../http/header-reader.js';
import type { KitServices } from '../kit-services.js';

/** What a route gets of a request: already checked (origin, type, size, time), never re-read. */
export interface RouteRequest {
  readonly headers: HeaderReader;
  /** The JSON body of a POST, `{}` for a GET. */
  readonly body: Readonly<Record<string, unknown>>;
  /** The browser's address, if known (see `trustedProxyHops`). */
  readonly clientAddress: string | undefined;
  /** Aborts when the caller goes away (a held status request ends with it). */
  readonly signal: AbortSignal | undefined;
  /** Cookies to set on the answer, whatever it is. */
  readonly setCookies: string[];
}

/** A login route: a function of the request and the kit's parts; throws a `LoginRefusal` or an SDK error. */
export type LoginRoute = (request: RouteRequest, kit: KitServices) => Promise<RouteAnswer>;

/** The pending login with `id` and `kind` in this browser's cookie, if any, and the whole list. */
export async function ownPendingLogin(
  request: RouteRequest,
  kit: KitServices,
  kind: PendingLogin['kind'],
  id: unknown,
): Promise<{ readonly logins: PendingLogin[]; readonly login: PendingLogin | undefined }> {
  const logins = await kit.cookies.pendingLogins(request.headers.get('cookie'));
  return { logins, login: logins.find((entry) => entry.kind === kind && entry.id === id) };
}

/** Stores the browser's logins in progress on the answer. */
export async function savePendingLogins(
  request: RouteRequest,
  kit: KitServices,
  logins: readonly PendingLogin[],
): Promise<void> {
  request.setCookies.push(await kit.cookies.pendingLoginsCookie(logins));
}

/**
 * The request's session: a 401 refusal without one (deleting a cookie that does not open), a 503
 * while the store cannot confirm it was not logged out (see `storeOutage`).
 */
export async function currentSession(request: RouteRequest, kit: KitServices): Promise<LoginSession> {
  const cookieHeader = request.headers.get('cookie');
  const lookup = await kit.sessions.lookup(cookieHeader);
  if (lookup.state === 'live') return lookup.session;
  if (lookup.state === 'unverified') {
    throw new LoginRefusal(
      'ERR_LOGIN_STORE_UNAVAILABLE',
      'the session cannot be checked right now; try again shortly',
      {
        'retry-after': '5',
      },
    );
  }
  // a cookie that does not open (forged, expired, logged out) is deleted
  if (kit.cookies.hasSessionCookie(cookieHeader))
    request.setCookies.push(await kit.cookies.sessionCookie(undefined));
  throw new LoginRefusal('ERR_LOGIN_NO_SESSION', 'not logged in');
}

/** Session-mode routes refuse in tokens mode. */
export function requireSessionMode(kit: KitServices, what = 'this route exists'): void {
  if (kit.settings.mode !== 'session') {
    throw new LoginRefusal('ERR_LOGIN_WRONG_MODE', `${what} in session mode only`);
  }
}
