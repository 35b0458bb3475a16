import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { isIPv6 } from 'node:net';
import { LoginRefusal } from './login-answers.js';
import type { LoginStore } from './login-store.js';
import type { RateLimit } from './ones-login-options.js';
import type { PendingLogin } from './pending-logins.js';
import type { RouteContext } from './route-context.js';

/**
 * Counts requests per key and window in the store, and refuses with 429 and `Retry-After` past the
 * limit. Keys are HMACs under a key derived from the first secret, so the store (say, a shared
 * Redis) never holds a username or an address in the clear.
 */
export class RateLimits {
  readonly #store: LoginStore;
  /** A KeyObject: `createHmac` checks a raw key's type on every call, which costs more than the HMAC. */
  readonly #key: KeyObject;
  /** Recent HMACs by kind and subject: one browser's requests repeat its address. */
  readonly #digests = new Map<string, string>();

  constructor(store: LoginStore, secret: Uint8Array) {
    this.#store = store;
    this.#key = createSecretKey(
      new Uint8Array(hkdfSync('sha256', secret, new Uint8Array(), 'rate-limit keys', 32)),
    );
  }

  /** Counts one request of `kind` for `subject`; past `limit` it throws `ERR_LOGIN_RATE_LIMITED`. */
  async count(kind: string, subject: string | undefined, limit: RateLimit | false): Promise<void> {
    if (limit === false || subject === undefined) return;
    const window = Math.floor(Date.now() / 1000 / limit.windowSeconds);
    const count = await this.#store.increment(
      `ones:rl:${kind}:${window}:${this.digest(`${kind}\n${subject}`)}`,
      limit.windowSeconds,
    );
    if (count > limit.max) {
      const retryAfter = (window + 1) * limit.windowSeconds - Math.floor(Date.now() / 1000);
      throw new LoginRefusal('ERR_LOGIN_RATE_LIMITED', 'too many requests; try again later', {
        'retry-after': String(Math.max(1, retryAfter)),
      });
    }
  }

  /** A keyed digest of `text`, for store keys that must not reveal what they count or name. */
  digest(text: string): string {
    let digest = this.#digests.get(text);
    if (digest === undefined) {
      digest = createHmac('sha256', this.#key).update(text).digest('base64url');
      if (this.#digests.size >= 1000) this.#digests.clear();
      this.#digests.set(text, digest);
    }
    return digest;
  }
}

/**
 * What a rate limit counts for an address: an IPv4 address itself, an IPv6 address by its /64 (one
 * subscriber usually holds a whole /64, and would otherwise get a new bucket per address).
 */
export function addressBucket(address: string | undefined): string | undefined {
  if (address === undefined || !isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * The one spelling of a user identifier that a limit counts: trimmed, Unicode-normalised (NFKC) and
 * case-folded, so `Bob`, ` bob ` and `ｂｏｂ` share a bucket; a phone number by its digits alone.
 */
export function userBucket(userIdentifier: string, kind?: string): string {
  const folded = userIdentifier.normalize('NFKC').trim().toLowerCase();
  return kind === 'phone' ? folded.replace(/[^\d+]/g, '') : folded;
}

/** Counts one prompt on a user's phone (a login or a consent request) against the per-user limit. */
export function countPhonePrompt(context: RouteContext, user: string): Promise<void> {
  return context.kit.rateLimits.count('start-user', user, context.kit.settings.rateLimits.loginStartsPerUser);
}

/**
 * Counts a login start: per client address (all clients whose address is unknown share one bucket:
 * the limit fails closed); then, for a user, per user and address (so one network cannot use up a
 * victim's allowance) and per user from all addresses (so no crowd can flood one phone with prompts).
 */
export async function countLoginStart(
  context: RouteContext,
  userIdentifier?: string,
  kind?: string,
): Promise<void> {
  const { kit } = context;
  const limits = kit.settings.rateLimits;
  if (context.clientAddress === undefined) kit.warnNoClientAddress();
  const address = addressBucket(context.clientAddress) ?? 'unknown';
  await kit.rateLimits.count('start-address', address, limits.loginStartsPerAddress);
  if (userIdentifier === undefined) return;
  const user = userBucket(userIdentifier, kind);
  await kit.rateLimits.count(
    'start-user-address',
    `${user}\n${address}`,
    limits.loginStartsPerUserAndAddress,
  );
  await countPhonePrompt(context, user);
}

/**
 * Whether this poll of `login` keeps to its interval: the first poll within 80 % of the interval
 * after the one before (on any instance sharing the store) is `false`, and answered `slow_down`.
 */
export async function paceThePoll(context: RouteContext, login: PendingLogin): Promise<boolean> {
  const key = `ones:poll:${context.kit.rateLimits.digest(`poll\n${login.id}`)}`;
  // whole milliseconds, as a Redis `PX` needs them
  return context.kit.settings.store.add(key, '1', Math.round(login.interval * 800) / 1000);
}
