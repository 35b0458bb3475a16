import { type LoginHintKind, OnesConfigError } from '@ones.dev/common';
import type { DeviceAuthentication } from '../../device-authentication/device-authentication.js';
import { isLoopbackHost } from '../cookies/browser-cookies.js';
import type { RateLimit, RateLimitSettings } from '../defences/rate-limits.js';
import { type KitLog, kitLogFor } from '../settings/kit-log.js';
import type { OutagePolicy } from '../state/sessions.js';
import type { LoginStore } from '../store/login-store.js';
import type { OnesLoginOptions } from './ones-login-options.js';

/** The options after checking, with every default filled in. */
export interface LoginSettings {
  readonly auth: DeviceAuthentication;
  readonly secrets: readonly Uint8Array[];
  readonly origins: ReadonlySet<string>;
  /** `Secure` cookies with the `__Host-` prefix: unless every origin is plain http on loopback. */
  readonly secureCookies: boolean;
  readonly mode: 'session' | 'tokens';
  readonly basePath: string;
  /** The app's store; `undefined` for the kit's own memory store. */
  readonly store: LoginStore | undefined;
  readonly storeOutage: OutagePolicy;
  readonly trustedProxyHops: number;
  readonly hideUnknownUsers: boolean;
  readonly loginHintKinds: readonly LoginHintKind[];
  readonly consentResource: string;
  readonly maxBodyBytes: number;
  readonly bodyTimeoutSeconds: number;
  readonly idpTimeoutSeconds: number;
  readonly idleSeconds: number;
  readonly absoluteSeconds: number;
  readonly sessionClaims: readonly string[];
  readonly userInfo: boolean;
  readonly rateLimits: RateLimitSettings;
  readonly log: KitLog;
  /** Ping mode's hold time for a status request, in milliseconds; `undefined` in poll mode. */
  readonly cibaPingHoldMs: number | undefined;
}

const MIN_SECRET_BYTES = 32;
/** The longest hold: the browser helpers give a request 10 s, and the IdP's answer needs some. */
const MAX_HOLD_SECONDS = 8;
const HINT_KINDS: readonly LoginHintKind[] = ['username', 'email', 'phone', 'sub'];
/** The rate limits when `rateLimits` leaves one out. */
export const DEFAULT_RATE_LIMITS = {
  loginStartsPerAddress: { max: 20, windowSeconds: 60 },
  loginStartsPerUserAndAddress: { max: 3, windowSeconds: 300 },
  loginStartsPerUser: { max: 10, windowSeconds: 300 },
  requestsPerAddress: { max: 600, windowSeconds: 60 },
  loginStartsWithoutAddress: { max: 200, windowSeconds: 60 },
  requestsWithoutAddress: { max: 6000, windowSeconds: 60 },
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

function checkedBoolean(value: unknown, fallback: boolean, name: string): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') fail(`"${name}" must be true or false`);
  return value;
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

function checkedRateLimits(options: OnesLoginOptions, kinds: number): RateLimitSettings {
  const limits = options.rateLimits ?? {};
  const checked = Object.fromEntries(
    Object.entries(DEFAULT_RATE_LIMITS).map(([name, fallback]) => [
      name,
      checkedLimit(limits[name as keyof typeof DEFAULT_RATE_LIMITS], fallback, name),
    ]),
  ) as unknown as RateLimitSettings;
  const perUser = checked.loginStartsPerUser;
  if (perUser !== false && perUser.max < kinds) {
    fail(`"rateLimits.loginStartsPerUser.max" must be at least the number of loginHintKinds (${kinds})`);
  }
  return checked;
}

function checkedHintKinds(kinds: unknown): readonly LoginHintKind[] {
  if (kinds === undefined) return ['username'];
  const valid =
    Array.isArray(kinds) &&
    kinds.length > 0 &&
    kinds.every((kind) => HINT_KINDS.includes(kind as LoginHintKind));
  if (!valid) fail(`"loginHintKinds" must list one or more of ${HINT_KINDS.join(', ')}`);
  return [...new Set(kinds as LoginHintKind[])];
}

function checkedOutage(outage: OnesLoginOptions['storeOutage']): OutagePolicy {
  const sessions = outage?.sessions ?? 'refuse';
  if (sessions !== 'refuse' && sessions !== 'serve')
    fail('"storeOutage.sessions" must be "refuse" or "serve"');
  return {
    sessions,
    serveSeconds: checkedInteger(outage?.serveSeconds, 60, 1, 3600, 'storeOutage.serveSeconds'),
  };
}

function checkedPingHold(cibaPing: OnesLoginOptions['cibaPing']): number | undefined {
  if (cibaPing === undefined || cibaPing === false) return undefined;
  const seconds = cibaPing === true ? undefined : cibaPing.holdSeconds;
  return 1000 * checkedInteger(seconds, MAX_HOLD_SECONDS, 1, MAX_HOLD_SECONDS, 'cibaPing.holdSeconds');
}

/**
 * Checks every option once, at construction, and fills in the defaults.
 *
 * @example
 * const settings = resolveSettings({ auth, secrets: [secret], origins: ['https://shop.example'] });
 * @throws OnesConfigError `ERR_CONFIG_INVALID` naming the option
 */
export function resolveSettings(options: OnesLoginOptions): LoginSettings {
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
  const checkedOrigins = origins.map(checkedOrigin);
  const loginHintKinds = checkedHintKinds(options.loginHintKinds);
  return {
    auth,
    secrets: secrets.map(secretBytes),
    origins: new Set(checkedOrigins),
    secureCookies: !checkedOrigins.every((origin) => origin.startsWith('http:')),
    mode,
    basePath,
    store: options.store,
    storeOutage: checkedOutage(options.storeOutage),
    trustedProxyHops: checkedInteger(options.trustedProxyHops, 0, 0, 10, 'trustedProxyHops'),
    hideUnknownUsers: checkedBoolean(options.hideUnknownUsers, true, 'hideUnknownUsers'),
    loginHintKinds,
    consentResource: options.consentResource ?? (checkedOrigins[0] as string),
    maxBodyBytes: checkedInteger(options.maxBodyBytes, 4096, 256, 1_048_576, 'maxBodyBytes'),
    bodyTimeoutSeconds: checkedInteger(options.bodyTimeoutSeconds, 5, 1, 60, 'bodyTimeoutSeconds'),
    idpTimeoutSeconds: checkedInteger(options.idpTimeoutSeconds, 4, 1, 30, 'idpTimeoutSeconds'),
    idleSeconds,
    absoluteSeconds,
    sessionClaims: [...new Set(['sub', ...(options.sessionClaims ?? DEFAULT_CLAIMS)])],
    userInfo: checkedBoolean(options.userInfo, false, 'userInfo'),
    rateLimits: checkedRateLimits(options, loginHintKinds.length),
    log: kitLogFor(options.logger),
    cibaPingHoldMs: checkedPingHold(options.cibaPing),
  };
}
