import { OnesConfigError } from '@ones.dev/common';
import type { DeviceAuthentication } from '../device-authentication/device-authentication.js';
import type { OnesLogEvent } from '../device-authentication/device-authentication-options.js';
import { MAX_HOLD_SECONDS } from './ciba-ping.js';
import { isLoopbackHost } from './login-cookies.js';
import { type LoginStore, MemoryLoginStore } from './login-store.js';
import { ResilientLoginStore } from './resilient-login-store.js';

/** How many requests of one kind a key may make per window; `false` turns the limit off. */
export interface RateLimit {
  readonly max: number;
  readonly windowSeconds: number;
}

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
  /** Proxies in front of the app that append to `X-Forwarded-For`; default 0 (the peer is the client). */
  readonly trustedProxyHops?: number;
  /** Answer an unknown user exactly like a known one, so usernames cannot be probed. Default `true`. */
  readonly hideUnknownUsers?: boolean;
  /** Who asks for consent (`POST /consent`): your service's resource id; default the first origin. */
  readonly consentResource?: string;
  /** Largest accepted request body in bytes; default 4096. */
  readonly maxBodyBytes?: number;
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
   * per user from all addresses in 5 minutes; 600 requests a minute per address.
   */
  readonly rateLimits?: {
    readonly loginStartsPerAddress?: RateLimit | false;
    readonly loginStartsPerUserAndAddress?: RateLimit | false;
    readonly loginStartsPerUser?: RateLimit | false;
    readonly requestsPerAddress?: RateLimit | false;
  };
  /**
   * CIBA ping mode (your device registered with OnesID for ping, its notification endpoint
   * `{origin}{basePath}/ciba/notify`): the IdP tells the kit the moment a login is decided, and a
   * browser's status request is held until then, up to `holdSeconds` (1 to 8, default 8: under the browser
   * helpers' 10 s request timeout). The kit asks the IdP for the tokens once, when told. Should no
   * notification come, it polls the IdP itself every 30 s. Default off (poll mode).
   */
  readonly cibaPing?: boolean | { readonly holdSeconds?: number };
  /** Receives what the kit does and refuses; never a token, cookie or secret. */
  readonly logger?: (event: OnesLogEvent) => void;
}

/** The options after checking, with every default filled in. */
export interface LoginSettings {
  readonly auth: DeviceAuthentication;
  readonly secrets: readonly Uint8Array[];
  readonly origins: ReadonlySet<string>;
  /** `Secure` cookies with the `__Host-` prefix: unless every origin is plain http on loopback. */
  readonly secureCookies: boolean;
  readonly mode: 'session' | 'tokens';
  readonly basePath: string;
  readonly store: LoginStore;
  readonly trustedProxyHops: number;
  readonly hideUnknownUsers: boolean;
  readonly consentResource: string;
  readonly maxBodyBytes: number;
  readonly idleSeconds: number;
  readonly absoluteSeconds: number;
  readonly sessionClaims: readonly string[];
  readonly userInfo: boolean;
  readonly rateLimits: {
    readonly loginStartsPerAddress: RateLimit | false;
    readonly loginStartsPerUserAndAddress: RateLimit | false;
    readonly loginStartsPerUser: RateLimit | false;
    readonly requestsPerAddress: RateLimit | false;
  };
  readonly log: (event: OnesLogEvent) => void;
  /** Ping mode's hold time for a status request, in milliseconds; `undefined` in poll mode. */
  readonly cibaPingHoldMs: number | undefined;
}

const MIN_SECRET_BYTES = 32;
const DEFAULT_RATE_LIMITS = {
  loginStartsPerAddress: { max: 20, windowSeconds: 60 },
  loginStartsPerUserAndAddress: { max: 3, windowSeconds: 300 },
  loginStartsPerUser: { max: 10, windowSeconds: 300 },
  requestsPerAddress: { max: 600, windowSeconds: 60 },
} as const;
const DEFAULT_CLAIMS = [
  'sub',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'email',
  'email_verified',
  'locale',
  'auth_time',
  'acr',
  'amr',
];

function fail(message: string): never {
  throw new OnesConfigError('ERR_CONFIG_INVALID', `createOnesLogin: ${message}`);
}

function secretBytes(secret: unknown, index: number): Uint8Array {
  const bytes =
    typeof secret === 'string'
      ? new TextEncoder().encode(secret)
      : secret instanceof Uint8Array
        ? Uint8Array.from(secret)
        : fail(`"secrets[${index}]" must be a string or a Uint8Array`);
  if (bytes.length < MIN_SECRET_BYTES) {
    fail(
      `"secrets[${index}]" is ${bytes.length} bytes; it must be at least ${MIN_SECRET_BYTES} (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  return bytes;
}

function checkedOrigin(origin: unknown, index: number): string {
  const where = `"origins[${index}]"`;
  if (typeof origin !== 'string' || !URL.canParse(origin))
    fail(`${where} must be an origin such as https://shop.example`);
  const url = new URL(origin);
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== origin.replace(/\/$/, '')) {
    fail(`${where} must be an origin (scheme, host and port, nothing else), e.g. ${url.origin}`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    fail(`${where} must use https (plain http only on loopback, for development)`);
  }
  return url.origin;
}

function checkedInteger(value: number | undefined, fallback: number, min: number, max: number, name: string) {
  const resolved = value ?? fallback;
  if (!Number.isInteger(resolved) || resolved < min || resolved > max) {
    fail(`"${name}" must be a whole number from ${min} to ${max}`);
  }
  return resolved;
}

function checkedLimit(limit: RateLimit | false | undefined, fallback: RateLimit, name: string) {
  if (limit === false) return false;
  const { max, windowSeconds } = limit ?? fallback;
  return {
    max: checkedInteger(max, fallback.max, 1, 1_000_000, `rateLimits.${name}.max`),
    windowSeconds: checkedInteger(
      windowSeconds,
      fallback.windowSeconds,
      1,
      86_400,
      `rateLimits.${name}.windowSeconds`,
    ),
  };
}

/** Checks every option once, at construction, and fills in the defaults. */
export function resolveLoginOptions(options: OnesLoginOptions): LoginSettings {
  if (typeof options !== 'object' || options === null) fail('options must be an object');
  const { auth, secrets, origins } = options;
  if (typeof auth?.checkCibaStatus !== 'function') fail('"auth" must be a DeviceAuthentication');
  if (!Array.isArray(secrets) || secrets.length === 0) fail('"secrets" must list at least one secret');
  if (!Array.isArray(origins) || origins.length === 0) fail('"origins" must list the origins of your pages');
  const mode = options.mode ?? 'session';
  if (mode !== 'session' && mode !== 'tokens') fail('"mode" must be "session" or "tokens"');
  const basePath = (options.basePath ?? '/api/auth').replace(/\/+$/, '');
  if (!/^(\/[\w\-.~]+)+$/.test(basePath)) fail('"basePath" must be a path such as /api/auth');
  const idleSeconds = checkedInteger(
    options.sessionSeconds?.idle,
    1800,
    60,
    2_592_000,
    'sessionSeconds.idle',
  );
  const absoluteSeconds = checkedInteger(
    options.sessionSeconds?.absolute,
    43_200,
    idleSeconds,
    2_592_000,
    'sessionSeconds.absolute',
  );
  const limits = options.rateLimits ?? {};
  const log = options.logger ?? (() => {});
  const checkedOrigins = origins.map(checkedOrigin);
  return {
    auth,
    secrets: secrets.map(secretBytes),
    origins: new Set(checkedOrigins),
    secureCookies: !checkedOrigins.every((origin) => origin.startsWith('http:')),
    mode,
    basePath,
    // a shared store's failure must not take the logins down: calls fall back to memory meanwhile
    store:
      options.store === undefined || options.store instanceof MemoryLoginStore
        ? (options.store ?? new MemoryLoginStore())
        : new ResilientLoginStore(options.store, log),
    trustedProxyHops: checkedInteger(options.trustedProxyHops, 0, 0, 10, 'trustedProxyHops'),
    hideUnknownUsers: options.hideUnknownUsers ?? true,
    consentResource: options.consentResource ?? (checkedOrigins[0] as string),
    maxBodyBytes: checkedInteger(options.maxBodyBytes, 4096, 256, 1_048_576, 'maxBodyBytes'),
    idleSeconds,
    absoluteSeconds,
    sessionClaims: [...new Set(['sub', ...(options.sessionClaims ?? DEFAULT_CLAIMS)])],
    userInfo: checkedBoolean(options.userInfo, false, 'userInfo'),
    rateLimits: Object.fromEntries(
      Object.entries(DEFAULT_RATE_LIMITS).map(([name, fallback]) => [
        name,
        checkedLimit(limits[name as keyof typeof DEFAULT_RATE_LIMITS], fallback, name),
      ]),
    ) as LoginSettings['rateLimits'],
    log,
    cibaPingHoldMs:
      options.cibaPing === undefined || options.cibaPing === false
        ? undefined
        : 1000 *
          checkedInteger(
            options.cibaPing === true ? undefined : options.cibaPing.holdSeconds,
            MAX_HOLD_SECONDS,
            1,
            MAX_HOLD_SECONDS,
            'cibaPing.holdSeconds',
          ),
  };
}

function checkedBoolean(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(`"${name}" must be true or false`);
  return value;
}
