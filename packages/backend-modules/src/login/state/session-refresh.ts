import { isOnesError, OnesOAuthError } from '@ones.dev/common';
import type { DeviceAuthentication } from '../../device-authentication/device-authentication.js';
import type { CookieSealer } from '../cookies/cookie-sealer.js';
import type { LoginSession } from '../cookies/login-session.js';
import { type Clock, secondsOf } from '../settings/clock.js';
import type { IdpCaller } from '../settings/idp-caller.js';
import type { KitLog } from '../settings/kit-log.js';
import type { SharedStore } from '../store/shared-store.js';
import type { StoreKeys } from '../store/store-keys.js';

/** Refresh an access token this many seconds before it expires. */
const REFRESH_MARGIN_SECONDS = 30;
/** How long a refresh result stays in the store for requests that still carry the old cookie. */
const RESULT_SECONDS = 60;
/** How long another instance's refresh is waited for. */
const WAIT_MS = 5000;

/**
 * Refreshes sessions' tokens, once per session and refresh token across all instances that share
 * the store: the first takes a lock (`add`), refreshes at the IdP and leaves the new tokens in the
 * store for a minute; the others (and requests that still carry the old cookie) wait for them and
 * use them. A refresh token is thus never spent twice, which an IdP that rotates refresh tokens
 * would punish by revoking the whole grant. The stored tokens are sealed under their own key: a
 * reader of the store cannot use them, nor pass them off as a session cookie. While the store is
 * down the lock is this instance's.
 *
 * @example
 * const fresh = await refresher.fresh(session); // undefined: the IdP refused, the session is over
 */
export class SessionRefresher {
  readonly #auth: DeviceAuthentication;
  readonly #idp: IdpCaller;
  readonly #store: SharedStore;
  readonly #keys: StoreKeys;
  readonly #sealer: CookieSealer;
  readonly #clock: Clock;
  readonly #log: KitLog;
  readonly #inFlight = new Map<string, Promise<LoginSession | undefined>>();

  constructor(parts: {
    readonly auth: DeviceAuthentication;
    readonly idp: IdpCaller;
    readonly store: SharedStore;
    readonly keys: StoreKeys;
    readonly sealer: CookieSealer;
    readonly clock: Clock;
    readonly log: KitLog;
  }) {
    this.#auth = parts.auth;
    this.#idp = parts.idp;
    this.#store = parts.store;
    this.#keys = parts.keys;
    this.#sealer = parts.sealer;
    this.#clock = parts.clock;
    this.#log = parts.log;
  }

  /**
   * The session with an access token valid for 30 s more at least: refreshed when needed (always
   * with `force`). `undefined` when the IdP refused the refresh: the session is over.
   */
  fresh(session: LoginSession, force = false): Promise<LoginSession | undefined> {
    if (!force && session.accessTokenExpiresAt - secondsOf(this.#clock) > REFRESH_MARGIN_SECONDS) {
      return Promise.resolve(session);
    }
    const refreshToken = session.refreshToken;
    if (refreshToken === undefined) return Promise.resolve(force ? session : undefined);
    const lock = this.#keys.refresh(session.sid, refreshToken, 'lock');
    let running = this.#inFlight.get(lock);
    if (running === undefined) {
      running = this.#refresh(session, refreshToken).finally(() => this.#inFlight.delete(lock));
      this.#inFlight.set(lock, running);
    }
    return running;
  }

  async #stored(session: LoginSession, refreshToken: string): Promise<LoginSession | undefined> {
    const key = this.#keys.refresh(session.sid, refreshToken, 'result');
    const read = await this.#store.attempt((store) => store.get(key));
    const tokens = read.ok ? await this.#sealer.open(read.value ?? undefined) : undefined;
    if (typeof tokens?.at !== 'string' || !Number.isInteger(tokens.ate)) return undefined;
    return {
      ...session,
      accessToken: tokens.at,
      refreshToken: typeof tokens.rt === 'string' ? tokens.rt : session.refreshToken,
      accessTokenExpiresAt: tokens.ate as number,
    };
  }

  async #refresh(session: LoginSession, refreshToken: string): Promise<LoginSession | undefined> {
    const done = await this.#stored(session, refreshToken);
    if (done !== undefined) return done;
    const lock = this.#keys.refresh(session.sid, refreshToken, 'lock');
    if (!(await this.#store.orLocal((store) => store.add(lock, '1', WAIT_MS / 1000 + 5)))) {
      for (let waited = 0; waited < WAIT_MS; waited += 100) {
        await this.#clock.sleep(100);
        const theirs = await this.#stored(session, refreshToken);
        if (theirs !== undefined) return theirs;
      }
      return session; // the other refresh did not finish: go on with the tokens there are
    }
    try {
      const tokens = await this.#idp((options) => this.#auth.refreshAccessToken(refreshToken, options));
      const now = secondsOf(this.#clock);
      const next: LoginSession = {
        ...session,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token ?? refreshToken,
        accessTokenExpiresAt: now + (tokens.expires_in ?? 300),
      };
      const sealed = await this.#sealer.seal(
        {
          at: next.accessToken,
          ...(next.refreshToken === undefined ? {} : { rt: next.refreshToken }),
          ate: next.accessTokenExpiresAt,
        },
        now + RESULT_SECONDS,
      );
      const result = this.#keys.refresh(session.sid, refreshToken, 'result');
      await this.#store.attempt((store) => store.set(result, sealed, RESULT_SECONDS));
      return next;
    } catch (error) {
      // the lock goes with the failure, so the next request can try again rather than wait for a
      // result that will not come
      await this.#store.orLocal((store) => store.delete(lock));
      if (error instanceof OnesOAuthError && error.response?.status === 400) {
        this.#log(
          'info',
          'LOGIN_REFRESH_REFUSED',
          `login kit: a refresh was refused (${error.code}); the session ends`,
        );
        return undefined;
      }
      if (isOnesError(error))
        this.#log('warn', 'LOGIN_REFRESH_FAILED', `login kit: refresh failed (${error.code})`);
      throw error;
    }
  }
}
