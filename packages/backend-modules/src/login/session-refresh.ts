import { createHash } from 'node:crypto';
import { isOnesError, OnesOAuthError, unixTimeInSeconds } from '@ones.dev/common';
import type { LoginSettings } from './login-options.js';
import type { LoginSession } from './login-session.js';
import { CookieSealer } from './sealed-cookies.js';

/** Refresh an access token this many seconds before it expires. */
const REFRESH_MARGIN_SECONDS = 30;
/** How long a refresh result stays in the store for requests that still carry the old cookie. */
const RESULT_SECONDS = 60;
/** How long another instance's refresh is waited for. */
const WAIT_MS = 5000;

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Refreshes sessions' tokens, once per session and refresh token across all instances that share
 * the store: the first takes a lock (`add`), refreshes at the IdP and leaves the new tokens in the
 * store for a minute; the others (and requests that still carry the old cookie) wait for them and
 * use them. A refresh token is thus never spent twice, which an IdP that rotates refresh tokens
 * would punish by revoking the whole grant. The stored tokens are encrypted under their own key: a
 * reader of the store cannot use them, nor pass them off as a session cookie.
 */
export class SessionRefresher {
  readonly #settings: LoginSettings;
  readonly #sealer: CookieSealer;
  readonly #inFlight = new Map<string, Promise<LoginSession | undefined>>();

  constructor(settings: LoginSettings) {
    this.#settings = settings;
    this.#sealer = new CookieSealer(settings.secrets, 'ones-refresh');
  }

  /**
   * The session with an access token valid for 30 s more at least: refreshed when needed (always
   * with `force`). `undefined` when the IdP refused the refresh: the session is over.
   */
  fresh(session: LoginSession, force = false): Promise<LoginSession | undefined> {
    if (!force && session.accessTokenExpiresAt - unixTimeInSeconds() > REFRESH_MARGIN_SECONDS) {
      return Promise.resolve(session);
    }
    const refreshToken = session.refreshToken;
    if (refreshToken === undefined) return Promise.resolve(force ? session : undefined);
    const key = `ones:refresh:${session.sid}:${createHash('sha256').update(refreshToken).digest('base64url')}`;
    let running = this.#inFlight.get(key);
    if (running === undefined) {
      running = this.#refresh(session, refreshToken, key).finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, running);
    }
    return running;
  }

  async #stored(session: LoginSession, key: string): Promise<LoginSession | undefined> {
    const tokens = await this.#sealer.open((await this.#settings.store.get(`${key}:result`)) ?? undefined);
    if (typeof tokens?.at !== 'string' || !Number.isInteger(tokens.ate)) return undefined;
    return {
      ...session,
      accessToken: tokens.at,
      refreshToken: typeof tokens.rt === 'string' ? tokens.rt : session.refreshToken,
      accessTokenExpiresAt: tokens.ate as number,
    };
  }

  async #refresh(session: LoginSession, refreshToken: string, key: string) {
    const { store } = this.#settings;
    const done = await this.#stored(session, key);
    if (done !== undefined) return done;
    if (!(await store.add(`${key}:lock`, '1', WAIT_MS / 1000 + 5))) {
      for (let waited = 0; waited < WAIT_MS; waited += 100) {
        await sleep(100);
        const theirs = await this.#stored(session, key);
        if (theirs !== undefined) return theirs;
      }
      return session; // the other refresh did not finish: go on with the tokens there are
    }
    try {
      const tokens = await this.#settings.auth.refreshAccessToken(refreshToken);
      const next: LoginSession = {
        ...session,
        accessToken: tokens.access_token,
        refreshToken: tokens.refresh_token ?? refreshToken,
        accessTokenExpiresAt: unixTimeInSeconds() + (tokens.expires_in ?? 300),
      };
      const sealed = await this.#sealer.seal(
        {
          at: next.accessToken,
          ...(next.refreshToken === undefined ? {} : { rt: next.refreshToken }),
          ate: next.accessTokenExpiresAt,
        },
        unixTimeInSeconds() + RESULT_SECONDS,
      );
      await store.set(`${key}:result`, sealed, RESULT_SECONDS);
      return next;
    } catch (error) {
      // the lock goes with the failure, so the next request can try again rather than wait for a
      // result that will not come
      await store.delete(`${key}:lock`).catch(() => {});
      if (error instanceof OnesOAuthError && error.response?.status === 400) {
        this.#settings.log({
          level: 'info',
          message: `login kit: a refresh was refused (${error.code}); the session ends`,
        });
        return undefined;
      }
      if (isOnesError(error))
        this.#settings.log({ level: 'warn', message: `login kit: refresh failed (${error.code})` });
      throw error;
    }
  }
}
