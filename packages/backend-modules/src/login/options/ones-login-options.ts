import type { LoginHintKind } from '@ones.dev/common';
import type { DeviceAuthentication } from '../../device-authentication/device-authentication.js';
import type { OnesLogEvent } from '../../device-authentication/device-authentication-options.js';
import type { RateLimit } from '../defences/rate-limits.js';
import type { LoginStore } from '../store/login-store.js';

export type { RateLimit };

/**
 * The options of {@link createOnesLogin}. Only `auth`, `secrets` and `origins` are required.
 *
 * @example
 * ```ts
 * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
 * import type { OnesLoginOptions } from '@ones.dev/backend-modules/login';
 * declare const auth: DeviceAuthentication;
 * const options: OnesLoginOptions = {
 *   auth,
 *   secrets: [process.env.ONES_COOKIE_SECRET ?? ''],
 *   origins: ['https://shop.example'],
 *   trustedProxyHops: 1,
 * };
 * ```
 */
export interface OnesLoginOptions {
  /** The device that talks to OnesID. */
  readonly auth: DeviceAuthentication;
  /**
   * Cookie secrets, each at least 32 bytes (e.g. `openssl rand -base64 32`). The first encrypts; all
   * decrypt, so a new secret goes first and an old one stays until its cookies expired.
   */
  readonly secrets: readonly (string | Uint8Array)[];
  /** The origins your pages are served from (`https://shop.example`); every POST must come from one. */
  readonly origins: readonly string[];
  /** `session` (default): tokens stay on the server. `tokens`: the vendor's routes, tokens to the SPA. */
  readonly mode?: 'session' | 'tokens';
  /** Where the routes live; default `/api/auth`. */
  readonly basePath?: string;
  /** Shared state: rate limits, logged-out sessions, refresh results. Default: in this process only. */
  readonly store?: LoginStore;
  /**
   * What the kit does with sessions while the shared `store` does not answer (it cannot tell whether
   * another instance logged a session out): `refuse` them (the default: `GET /session` answers 503
   * and `session()` `null` until the store answers), or `serve` for at most `serveSeconds` (default
   * 60, up to 3600) every session this instance does not know to be logged out. Logouts made during
   * the outage are kept and written once the store answers; their answer says `everywhere: false`.
   */
  readonly storeOutage?: { readonly sessions?: 'refuse' | 'serve'; readonly serveSeconds?: number };
  /** Proxies in front of the app that append to `X-Forwarded-For`; default 0 (the peer is the client). */
  readonly trustedProxyHops?: number;
  /** Answer an unknown user exactly like a known one, so usernames cannot be probed. Default `true`. */
  readonly hideUnknownUsers?: boolean;
  /**
   * The ways a browser may name the user at `POST /oidc/bc-authorize` (`loginHintKind`); default
   * `['username']`, what the widget and the helpers send. The per-user limit is split evenly over
   * them, so one person named in several ways is still prompted at most `loginStartsPerUser.max` times.
   */
  readonly loginHintKinds?: readonly LoginHintKind[];
  /** Who asks for consent (`POST /consent`): your service's resource id; default the first origin. */
  readonly consentResource?: string;
  /** Largest accepted request body in bytes; default 4096. */
  readonly maxBodyBytes?: number;
  /**
   * Seconds the kit waits for OnesID (and the device's signer) on each call before it answers the
   * browser 502 `ERR_LOGIN_IDP_UNAVAILABLE`; default 4 (1 to 30), so no request hangs on a stalled IdP.
   */
  readonly idpTimeoutSeconds?: number;
  /** Seconds a request body may take to arrive before the kit answers 408 and drops it; default 5 (1 to 60). */
  readonly bodyTimeoutSeconds?: number;
  /** Seconds a session lasts without use (default 1800) and at most (default 43 200). */
  readonly sessionSeconds?: { readonly idle?: number; readonly absolute?: number };
  /** ID-token claims kept in the session and shown to the browser; `sub` is always kept. */
  readonly sessionClaims?: readonly string[];
  /**
   * Session mode: at login, ask OnesID's UserInfo for the user's current profile claims (its `sub`
   * must be the ID token's) and keep those over the ID token's; never `acr`, `amr`, `auth_time` or
   * the other claims only the ID token speaks for. Default `false`. A failed UserInfo call leaves
   * the ID token's claims and logs a warning; an answer about another user fails the login.
   */
  readonly userInfo?: boolean;
  /**
   * Limits per client address (an IPv6 address counts by its /64) and per user identifier; `false`
   * turns one off. Defaults: 20 login starts a minute per address; 3 per user and address and 10
   * per user from all addresses in 5 minutes; 600 other requests a minute per address. Clients
   * whose address the kit cannot see (see `trustedProxyHops`) share one bucket with limits of its
   * own: 200 login starts and 6,000 other requests a minute.
   */
  readonly rateLimits?: {
    readonly loginStartsPerAddress?: RateLimit | false;
    readonly loginStartsPerUserAndAddress?: RateLimit | false;
    readonly loginStartsPerUser?: RateLimit | false;
    readonly requestsPerAddress?: RateLimit | false;
    readonly loginStartsWithoutAddress?: RateLimit | false;
    readonly requestsWithoutAddress?: RateLimit | false;
  };
  /**
   * CIBA ping mode (your device registered with OnesID for ping, its notification endpoint
   * `{origin}{basePath}/ciba/notify`): the IdP tells the kit the moment a login is decided, and a
   * browser's status request is held until then, up to `holdSeconds` (1 to 8, default 8: under the browser
   * helpers' 10 s request timeout). The kit asks the IdP for the tokens once, when told. Should no
   * notification come, it polls the IdP itself every 30 s. Default off (poll mode).
   */
  readonly cibaPing?: boolean | { readonly holdSeconds?: number };
  /**
   * Receives what the kit does and refuses, each event with a stable `code`; never a token, cookie
   * or secret. Default: warnings to `console.warn`, each kind once.
   */
  readonly logger?: (event: OnesLogEvent) => void;
}
