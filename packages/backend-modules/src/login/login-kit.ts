import { isOnesError, unixTimeInSeconds } from '@ones.dev/common';
import { PingWaiters } from './ciba-ping.js';
import { clientAddressOf } from './client-address.js';
import { readCookie, setCookieHeader } from './login-cookies.js';
import type { LoginSettings } from './login-options.js';
import {
  type LoginSession,
  type SessionView,
  sessionEnd,
  sessionOf,
  sessionPayload,
  touchedSession,
} from './login-session.js';
import { EXPIRED_GRACE_SECONDS, type PendingLogin, pendingLoginsOf } from './pending-logins.js';
import { RateLimits } from './rate-limits.js';
import { CookieSealer } from './sealed-cookies.js';
import { SessionRefresher } from './session-refresh.js';

/** What the request tells the kit: its URL, headers, and who sent it. */
export interface RequestFacts {
  readonly url: URL;
  readonly headers: Headers;
  readonly peerAddress: string | undefined;
}

/**
 * One kit instance's parts: its settings, the two cookie sealers, the rate limits, and the
 * refreshes in flight. Everything a user depends on lives in cookies and the store, so any
 * instance that shares the secrets (and the store) serves any request.
 */
export class LoginKit {
  readonly settings: LoginSettings;
  readonly #logins: CookieSealer;
  readonly #sessions: CookieSealer;
  readonly rateLimits: RateLimits;
  /** Seals the consent tickets a session gets instead of the IdP's consent ids. */
  readonly consentTickets: CookieSealer;
  readonly #refresher: SessionRefresher;
  /** The timing of the last real CIBA acknowledgement, which a stand-in for an unknown user copies. */
  cibaTiming = { expires_in: 120, interval: 5 };
  /** Whether that timing is in the store for the other instances. */
  cibaTimingShared = false;
  /** A moving average of how long a real login start at the IdP takes, in milliseconds. */
  startMilliseconds = 0;
  /** Status requests held in ping mode until the IdP's notification (see `cibaPing`). */
  readonly pingWaiters = new PingWaiters();

  constructor(settings: LoginSettings) {
    this.settings = settings;
    this.#logins = new CookieSealer(settings.secrets, 'ones-login');
    this.#sessions = new CookieSealer(settings.secrets, 'ones-session');
    this.rateLimits = new RateLimits(settings.store, settings.secrets[0] as Uint8Array);
    this.#refresher = new SessionRefresher(settings);
    this.consentTickets = new CookieSealer(settings.secrets, 'ones-consent');
  }

  #warnedNoClientAddress = false;

  /** Says once that logins start without a known client address, and what that turns off. */
  warnNoClientAddress(): void {
    if (this.#warnedNoClientAddress) return;
    this.#warnedNoClientAddress = true;
    this.settings.log({
      level: 'warn',
      message:
        'login kit: a login started without a known client address: all such clients share one per-address allowance, and the phone gets no originIp; pass { clientAddress } to fetch(), or set trustedProxyHops behind a proxy that appends X-Forwarded-For',
    });
  }

  /** The browser's address (see `trustedProxyHops`). */
  clientAddress(facts: RequestFacts): string | undefined {
    return clientAddressOf(facts.headers, facts.peerAddress, this.settings.trustedProxyHops);
  }

  /** The logins in progress that this browser's cookie lists. */
  async pendingLogins(facts: RequestFacts, secure: boolean): Promise<PendingLogin[]> {
    const value = readCookie(facts.headers.get('cookie'), 'login', secure);
    return pendingLoginsOf(await this.#logins.open(value), unixTimeInSeconds());
  }

  /** The `Set-Cookie` for a browser's logins in progress (deleting the cookie when there are none). */
  async pendingLoginsCookie(logins: readonly PendingLogin[], secure: boolean): Promise<string> {
    if (logins.length === 0) return setCookieHeader('login', secure, undefined, 0);
    const end = Math.max(...logins.map((login) => login.expiresAt)) + EXPIRED_GRACE_SECONDS;
    const value = await this.#logins.seal({ logins: logins as never }, end);
    return setCookieHeader('login', secure, value, end - unixTimeInSeconds());
  }

  /** This browser's session, unless absent, forged, expired or logged out. */
  async session(cookieHeader: string | null | undefined, secure: boolean): Promise<LoginSession | undefined> {
    const session = sessionOf(await this.#sessions.open(readCookie(cookieHeader, 'session', secure)));
    if (session === undefined || sessionEnd(session) <= unixTimeInSeconds()) return undefined;
    if ((await this.settings.store.get(`ones:logout:${session.sid}`)) !== null) return undefined;
    return session;
  }

  /** The `Set-Cookie` that stores a session (or deletes it). */
  async sessionCookie(session: LoginSession | undefined, secure: boolean): Promise<string> {
    if (session === undefined) return setCookieHeader('session', secure, undefined, 0);
    const end = sessionEnd(session);
    const value = await this.#sessions.seal(sessionPayload(session), end);
    return setCookieHeader('session', secure, value, end - unixTimeInSeconds());
  }

  /** The session with its idle deadline moved on when half of it has passed; else `undefined`. */
  touched(session: LoginSession): LoginSession | undefined {
    const halfIdle = this.settings.idleSeconds / 2;
    if (session.idleExpiresAt - unixTimeInSeconds() > halfIdle) return undefined;
    return touchedSession(session, this.settings.idleSeconds);
  }

  /**
   * Ends a session for good: its tokens are revoked at the IdP when it offers revocation (RFC 7009),
   * each on its own, and later requests with its cookie are refused until it would have expired.
   * What fails is logged and the rest still happens; it rejects only when the store failed, after
   * the revocations.
   */
  async logOut(session: LoginSession): Promise<void> {
    const { store, log } = this.settings;
    const ttl = Math.max(1, session.absoluteExpiresAt - unixTimeInSeconds());
    const recorded = store.set(`ones:logout:${session.sid}`, '1', ttl);
    recorded.catch(() => {}); // awaited below, after the revocations
    await this.#revoke(session.refreshToken, 'refresh_token');
    await this.#revoke(session.accessToken, 'access_token');
    try {
      await recorded;
    } catch (error) {
      log({
        level: 'warn',
        message:
          'login kit: the store did not record a logout; the session cookie stays valid where it is replayed',
      });
      throw error;
    }
  }

  async #revoke(token: string | undefined, hint: 'access_token' | 'refresh_token'): Promise<void> {
    const { auth, log } = this.settings;
    if (token === undefined) return;
    try {
      if ((await auth.endpoints()).revocation === undefined) {
        return log({
          level: 'debug',
          message: 'login kit: the IdP offers no revocation; the tokens expire on their own',
        });
      }
      await auth.revokeToken(token, hint);
    } catch (error) {
      log({
        level: 'warn',
        message: `login kit: revoking the ${hint} at logout failed (${isOnesError(error) ? error.code : 'unexpected error'})`,
      });
    }
  }

  /** What the browser may see of a session. */
  view(session: LoginSession): SessionView {
    return { user: session.user, expiresAt: sessionEnd(session) };
  }

  /** The session with a fresh access token (see {@link SessionRefresher}). */
  fresh(session: LoginSession, force = false): Promise<LoginSession | undefined> {
    return this.#refresher.fresh(session, force);
  }

  /** Notes how long a real login start took, for stand-ins to take as long. */
  noteStart(milliseconds: number): void {
    const ms = Math.min(milliseconds, 5000);
    this.startMilliseconds = this.startMilliseconds === 0 ? ms : 0.8 * this.startMilliseconds + 0.2 * ms;
  }
}
