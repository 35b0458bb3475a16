import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';
import { LoginRefusal } from './login-answers.js';
import type { RateLimit } from './login-options.js';
import type { LoginStore } from './login-store.js';

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
    const digest = this.#digest(`${kind}\n${subject}`);
    const window = Math.floor(Date.now() / 1000 / limit.windowSeconds);
    const count = await this.#store.increment(`ones:rl:${kind}:${window}:${digest}`, limit.windowSeconds);
    if (count > limit.max) {
      const retryAfter = (window + 1) * limit.windowSeconds - Math.floor(Date.now() / 1000);
      throw new LoginRefusal('ERR_LOGIN_RATE_LIMITED', 'too many requests; try again later', {
        'retry-after': String(Math.max(1, retryAfter)),
      });
    }
  }

  #digest(text: string): string {
    let digest = this.#digests.get(text);
    if (digest === undefined) {
      digest = createHmac('sha256', this.#key).update(text).digest('base64url');
      if (this.#digests.size >= 1000) this.#digests.clear();
      this.#digests.set(text, digest);
    }
    return digest;
  }
}
