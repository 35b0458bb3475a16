import { createHash } from 'node:crypto';
import { isOnesError, OnesOAuthError } from '@ones.dev/common';
import { clientAddressOf } from './client-address.js';
import { readCookie, setCookieHeader } from './login-cookies.js';
import type { LoginSettings } from './login-options.js';
import {
  type LoginSession,
  refreshedSession,
  type SessionView,
  sessionEnd,
  sessionOf,
  sessionPayload,
  touchedSession,
} from './login-session.js';
import { EXPIRED_GRACE_SECONDS, type PendingLogin, pendingLoginsOf } from './pending-logins.js';
import { RateLimits } from './rate-limits.js';
import { CookieSealer } from './sealed-cookies.js';

const nowInSeconds = () => Math.floor(Date.now() / 1000);
/** Refresh an access token this many seconds before it expires. */
const REFRESH_MARGIN_SECONDS = 30;
/** How long a refresh result stays in the store for requests that still carry the old cookie. */
const REFRESH_RESULT_SECONDS = 60;

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
  readonly #refreshing = new Map<string, Promise<LoginSession | undefined>>();
  /** The timing of the last real CIBA acknowledgement, which a stand-in for an unknown user copies. */
  cibaTiming = { expires_in: 120, interval: 5 };

  constructor(settings: LoginSettings) {
    this.settings = settings;
    this.#logins = new CookieSealer(settings.secrets, 'ones-login');
    this.#sessions = new CookieSealer(settings.secrets, 'ones-session');
    this.rateLimits = new RateLimits(settings.store, settings.secrets[0] as Uint8Array);
  }

  #warnedNoClientAddress = false;

  /** Says once that logins start without a known client address, and what that turns off. */
  warnNoClientAddress(): void {
    if (this.#warnedNoClientAddress) return;
    this.#warnedNoClientAddress = true;
    this.settings.log({
      level: 'warn',
      message:
        'login kit: a login started without a known client address, so per-address rate limits and originIp are off; pass { clientAddress } to fetch(), or set trustedProxyHops behind a proxy that appends X-Forwarded-For',
    });
  }

  /** The browser's address (see `trustedProxyHops`). */
  clientAddress(facts: RequestFacts): string | undefined {
    return clientAddressOf(facts.headers, facts.peerAddress, this.settings.trustedProxyHops);
  }

  /** The logins in progress that this browser's cookie lists. */
  async pendingLogins(facts: RequestFacts, secure: boolean): Promise<PendingLogin[]> {
    const value = readCookie(facts.headers.get('cookie'), 'login', secure);
    return pendingLoginsOf(await this.#logins.open(value), nowInSeconds());
  }

  /** The `Set-Cookie` for a browser's logins in progress (deleting the cookie when there are none). */
  async pendingLoginsCookie(logins: readonly PendingLogin[], secure: boolean): Promise<string> {
    if (logins.length === 0) return setCookieHeader('login', secure, undefined, 0);
    const end = Math.max(...logins.map((login) => login.expiresAt)) + EXPIRED_GRACE_SECONDS;
    const value = await this.#logins.seal({ logins: logins as never }, end);
    return setCookieHeader('login', secure, value, end - nowInSeconds());
  }

  /** This browser's session, unless absent, forged, expired or logged out. */
  async session(cookieHeader: string | null | undefined, secure: boolean): Promise<LoginSession | undefined> {
    const session = sessionOf(await this.#sessions.open(readCookie(cookieHeader, 'session', secure)));
    if (session === undefined || sessionEnd(session) <= nowInSeconds()) return undefined;
    if ((await this.settings.store.get(`ones:logout:${session.sid}`)) !== null) return undefined;
    return session;
  }

  /** The `Set-Cookie` that stores a session (or deletes it). */
  async sessionCookie(session: LoginSession | undefined, secure: boolean): Promise<string> {
    if (session === undefined) return setCookieHeader('session', secure, undefined, 0);
    const end = sessionEnd(session);
    const value = await this.#sessions.seal(sessionPayload(session), end);
    return setCookieHeader('session', secure, value, end - nowInSeconds());
  }

  /** The session with its idle deadline moved on when half of it has passed; else `undefined`. */
  touched(session: LoginSession): LoginSession | undefined {
    const halfIdle = this.settings.idleSeconds / 2;
    if (session.idleExpiresAt - nowInSeconds() > halfIdle) return undefined;
    return touchedSession(session, this.settings.idleSeconds);
  }

  /** Ends a session for good: later requests with its cookie are refused until it would have expired. */
  async logOut(session: LoginSession): Promise<void> {
    const ttl = Math.max(1, session.absoluteExpiresAt - nowInSeconds());
    await this.settings.store.set(`ones:logout:${session.sid}`, '1', ttl);
  }

  /** What the browser may see of a session. */
  view(session: LoginSession): SessionView {
    return { user: session.user, expiresAt: sessionEnd(session) };
  }

  /**
   * The session with an access token that is valid for a while yet: refreshed (one refresh per
   * session and refresh token, shared by concurrent requests, here and through the store) when it
   * expires within 30 s. `force` refreshes anyway. `undefined` when the IdP refused the refresh.
   */
  async fresh(session: LoginSession, force = false): Promise<LoginSession | undefined> {
    if (!force && session.accessTokenExpiresAt - nowInSeconds() > REFRESH_MARGIN_SECONDS) return session;
    if (session.refreshToken === undefined) return force ? session : undefined;
    const key = `ones:refresh:${session.sid}:${createHash('sha256').update(session.refreshToken).digest('base64url')}`;
    const running = this.#refreshing.get(key);
    if (running !== undefined) return running;
    const refresh = this.#refresh(session, session.refreshToken, key).finally(() =>
      this.#refreshing.delete(key),
    );
    this.#refreshing.set(key, refresh);
    return refresh;
  }

  async #refresh(session: LoginSession, refreshToken: string, key: string) {
    const stored = sessionOf(await this.#sessions.open((await this.settings.store.get(key)) ?? undefined));
    if (stored !== undefined && stored.sid === session.sid) return stored;
    try {
      const next = refreshedSession(session, await this.settings.auth.refreshAccessToken(refreshToken));
      await this.settings.store.set(
        key,
        await this.#sessions.seal(sessionPayload(next), sessionEnd(next)),
        REFRESH_RESULT_SECONDS,
      );
      return next;
    } catch (error) {
      if (error instanceof OnesOAuthError && error.response?.status === 400) {
        this.settings.log({
          level: 'info',
          message: `login kit: a refresh was refused (${error.code}); the session ends`,
        });
        return undefined;
      }
      if (isOnesError(error))
        this.settings.log({ level: 'warn', message: `login kit: refresh failed (${error.code})` });
      throw error;
    }
  }
}
