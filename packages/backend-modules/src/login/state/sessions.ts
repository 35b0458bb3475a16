import { isOnesError, type TokenResponse } from '@ones.dev/common';
import type { DeviceAuthentication } from '../../device-authentication/device-authentication.js';
import type { KitCookies } from '../cookies/kit-cookies.js';
import {
  type LoginSession,
  newSession,
  type SessionLifetimes,
  touchedSession,
} from '../cookies/login-session.js';
import { type Clock, secondsOf } from '../settings/clock.js';
import type { IdpCaller } from '../settings/idp-caller.js';
import type { KitLog } from '../settings/kit-log.js';
import type { SharedStore } from '../store/shared-store.js';
import type { LogoutLedger } from './logout-ledger.js';

/** What the kit does with sessions while the shared store does not answer (`storeOutage`). */
export interface OutagePolicy {
  /** `refuse`: no session counts until the store answers; `serve`: sessions count for `serveSeconds`. */
  readonly sessions: 'refuse' | 'serve';
  readonly serveSeconds: number;
}

/** A browser's session as far as the kit can tell: live, none, or unverifiable while the store is down. */
export type SessionLookup =
  | { readonly state: 'live'; readonly session: LoginSession }
  | { readonly state: 'none' }
  | { readonly state: 'unverified' };

/**
 * Sessions: whether a browser's session cookie counts, and logging out. A cookie counts when it
 * opens, has not expired, was issued after the store's last data loss, and the logout ledger says
 * it is not logged out. When the ledger cannot tell (the store is down), the outage policy decides:
 * refuse (the default), or serve for a bounded time what this instance does not know to be logged
 * out. A logout revokes the tokens at the IdP and records the session in the ledger; its answer
 * says whether every instance will know.
 *
 * @example
 * const lookup = await sessions.lookup(request.headers.get('cookie'));
 * if (lookup.state === 'live') await sessions.logOut(lookup.session); // { everywhere: true }
 */
export class Sessions {
  readonly #cookies: KitCookies;
  readonly #ledger: LogoutLedger;
  readonly #store: SharedStore;
  readonly #clock: Clock;
  readonly #log: KitLog;
  readonly #auth: DeviceAuthentication;
  readonly #idp: IdpCaller;
  readonly #lifetimes: SessionLifetimes;
  readonly #sessionClaims: readonly string[];
  readonly #policy: OutagePolicy;

  constructor(parts: {
    readonly cookies: KitCookies;
    readonly ledger: LogoutLedger;
    readonly store: SharedStore;
    readonly clock: Clock;
    readonly log: KitLog;
    readonly auth: DeviceAuthentication;
    readonly idp: IdpCaller;
    readonly lifetimes: SessionLifetimes;
    readonly sessionClaims: readonly string[];
    readonly policy: OutagePolicy;
  }) {
    this.#cookies = parts.cookies;
    this.#ledger = parts.ledger;
    this.#store = parts.store;
    this.#clock = parts.clock;
    this.#log = parts.log;
    this.#auth = parts.auth;
    this.#idp = parts.idp;
    this.#lifetimes = {
      idleSeconds: parts.lifetimes.idleSeconds,
      absoluteSeconds: parts.lifetimes.absoluteSeconds,
    };
    this.#sessionClaims = parts.sessionClaims;
    this.#policy = parts.policy;
  }

  /** The session of the browser that sent `cookieHeader`. */
  async lookup(cookieHeader: string | null | undefined): Promise<SessionLookup> {
    const session = await this.#cookies.session(cookieHeader);
    if (session === undefined) return { state: 'none' };
    if (session.issuedAtMs < this.#store.sessionsValidFrom) return { state: 'none' };
    const status = await this.#ledger.status(session.sid);
    if (status === 'live') return { state: 'live', session };
    if (status === 'logged-out') return { state: 'none' };
    const downSince = this.#store.downSince ?? this.#clock.now();
    const serving =
      this.#policy.sessions === 'serve' && this.#clock.now() - downSince <= this.#policy.serveSeconds * 1000;
    if (serving) return { state: 'live', session };
    this.#log(
      'warn',
      'LOGIN_SESSION_UNVERIFIED',
      `login kit: a session could not be checked against the store's logouts and was refused (storeOutage: ${this.#policy.sessions === 'serve' ? `served for ${this.#policy.serveSeconds} s, that time is over` : 'refuse'})`,
    );
    return { state: 'unverified' };
  }

  /** A new session for a completed login: its tokens, and the claims the kit keeps. */
  create(tokens: TokenResponse, claims: Readonly<Record<string, unknown>>): LoginSession {
    return newSession(
      tokens,
      claims,
      { ...this.#lifetimes, sessionClaims: this.#sessionClaims },
      this.#clock.now(),
    );
  }

  /** The session with its idle deadline moved on when half of it has passed; else `undefined`. */
  touched(session: LoginSession): LoginSession | undefined {
    const now = secondsOf(this.#clock);
    const { idleSeconds } = this.#lifetimes;
    if (session.idleExpiresAt - now > idleSeconds / 2) return undefined;
    return touchedSession(session, idleSeconds, now);
  }

  /**
   * Ends a session for good: its tokens are revoked at the IdP when it offers revocation (RFC
   * 7009), both at once and each on its own, and its cookie is refused from now on. What fails at the IdP is logged
   * and the rest still happens. `everywhere` is false when only this instance knows for now (the
   * store did not answer; it will be told once it does).
   */
  async logOut(session: LoginSession): Promise<{ readonly everywhere: boolean }> {
    const [everywhere] = await Promise.all([
      this.#ledger.record(session.sid, session.absoluteExpiresAt),
      this.#revoke(session.refreshToken, 'refresh_token'),
      this.#revoke(session.accessToken, 'access_token'),
    ]);
    return { everywhere };
  }

  async #revoke(token: string | undefined, hint: 'access_token' | 'refresh_token'): Promise<void> {
    if (token === undefined) return;
    try {
      if ((await this.#idp((options) => this.#auth.endpoints(options))).revocation === undefined) {
        return this.#log(
          'debug',
          'LOGIN_REVOCATION_UNSUPPORTED',
          'login kit: the IdP offers no revocation; the tokens expire on their own',
        );
      }
      await this.#idp((options) => this.#auth.revokeToken(token, hint, options));
    } catch (error) {
      this.#log(
        'warn',
        'LOGIN_REVOCATION_FAILED',
        `login kit: revoking the ${hint} at logout failed (${isOnesError(error) ? error.code : 'unexpected error'})`,
      );
    }
  }
}
