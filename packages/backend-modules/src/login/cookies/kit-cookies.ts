import { type Clock, secondsOf } from '../settings/clock.js';
import { BrowserCookies } from './browser-cookies.js';
import { CookieSealer } from './cookie-sealer.js';
import type { KitKeys } from './kit-keys.js';
import { type LoginSession, sessionEnd, sessionOf, sessionPayload } from './login-session.js';
import { EXPIRED_GRACE_SECONDS, type PendingLogin, pendingLoginsOf } from './pending-logins.js';

/**
 * Everything the kit seals: the browser's two cookies (its logins in progress, its session), the
 * consent tickets a session gets instead of the IdP's ids, and refresh results kept in the store.
 * Each has its own key from `KitKeys`, so none opens as another. Cookie names and `Secure` are
 * fixed at construction (`BrowserCookies`).
 *
 * @example
 * const cookies = new KitCookies(keys, true, systemClock);
 * const logins = await cookies.pendingLogins(request.headers.get('cookie'));
 * setCookies.push(await cookies.pendingLoginsCookie([login, ...logins]));
 */
export class KitCookies {
  readonly browser: BrowserCookies;
  /** Consent tickets: `{ cid, sid }`, redeemable only by the session that asked. */
  readonly consentTickets: CookieSealer;
  /** A refresh's new tokens, kept sealed in the store for requests that still carry the old cookie. */
  readonly refreshResults: CookieSealer;
  readonly #logins: CookieSealer;
  readonly #sessions: CookieSealer;
  readonly #clock: Clock;

  constructor(keys: KitKeys, secure: boolean, clock: Clock) {
    this.browser = new BrowserCookies(secure);
    this.#clock = clock;
    this.#logins = new CookieSealer('ones-login', keys.for('cookie ones-login'), clock);
    this.#sessions = new CookieSealer('ones-session', keys.for('cookie ones-session'), clock);
    this.consentTickets = new CookieSealer('ones-consent', keys.for('cookie ones-consent'), clock);
    this.refreshResults = new CookieSealer('ones-refresh', keys.for('cookie ones-refresh'), clock);
  }

  /** The logins in progress that this browser's cookie lists. */
  async pendingLogins(cookieHeader: string | null | undefined): Promise<PendingLogin[]> {
    const payload = await this.#logins.open(this.browser.read(cookieHeader, 'login'));
    return pendingLoginsOf(payload, secondsOf(this.#clock));
  }

  /** The `Set-Cookie` for a browser's logins in progress (deleting the cookie when there are none). */
  async pendingLoginsCookie(logins: readonly PendingLogin[]): Promise<string> {
    if (logins.length === 0) return this.browser.setCookie('login', undefined, 0);
    const end = Math.max(...logins.map((login) => login.expiresAt)) + EXPIRED_GRACE_SECONDS;
    const value = await this.#logins.seal({ logins: logins.map((login) => ({ ...login })) }, end);
    return this.browser.setCookie('login', value, end - secondsOf(this.#clock));
  }

  /** The session this browser's cookie holds, unless absent, forged or expired (logouts aside). */
  async session(cookieHeader: string | null | undefined): Promise<LoginSession | undefined> {
    // a session cookie expires (`exp`) when the session ends: the sealer refuses it from then on
    return sessionOf(await this.#sessions.open(this.browser.read(cookieHeader, 'session')));
  }

  /** Whether the browser sent a session cookie at all (one that does not open is deleted). */
  hasSessionCookie(cookieHeader: string | null | undefined): boolean {
    return this.browser.read(cookieHeader, 'session') !== undefined;
  }

  /** The `Set-Cookie` that stores a session, or deletes it. */
  async sessionCookie(session: LoginSession | undefined): Promise<string> {
    if (session === undefined) return this.browser.setCookie('session', undefined, 0);
    const end = sessionEnd(session);
    const value = await this.#sessions.seal(sessionPayload(session), end);
    return this.browser.setCookie('session', value, end - secondsOf(this.#clock));
  }
}
