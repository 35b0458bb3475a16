import { createHash, hkdfSync } from 'node:crypto';

// HKDF's salt: fixed and public; the secrets carry the entropy (RFC 5869 §3.1).
const SALT = new TextEncoder().encode('@ones.dev/backend-modules/login v1');

/**
 * What a derived key is for. Cookie purposes keep the names of their cookies (`cookie ones-login`),
 * as every earlier version derived them, so cookies sealed before an upgrade still open.
 */
export type KeyPurpose =
  | 'cookie ones-login'
  | 'cookie ones-session'
  | 'cookie ones-consent'
  | 'cookie ones-refresh'
  | 'store keys'
  | 'ping tokens';

/** One derived key: its bytes and a short id that names it without revealing it. */
export interface DerivedKey {
  readonly kid: string;
  readonly bytes: Uint8Array<ArrayBuffer>;
}

/**
 * The kit's keys, all derived here once from the app's secrets by HKDF-SHA256: a 32-byte key per
 * secret and purpose, so no secret is ever a key itself and a key for one purpose opens nothing of
 * another. The first secret's key is the one to use for new values; all are accepted (rotation).
 *
 * @example
 * const keys = new KitKeys([secretBytes]);
 * const [current] = keys.for('cookie ones-session');
 */
export class KitKeys {
  readonly #secrets: readonly Uint8Array[];
  readonly #derived = new Map<KeyPurpose, readonly DerivedKey[]>();

  constructor(secrets: readonly Uint8Array[]) {
    if (secrets.length === 0) throw new TypeError('at least one secret is needed');
    this.#secrets = secrets;
  }

  /** The keys for `purpose`, one per secret, the current (first secret's) first. */
  for(purpose: KeyPurpose): readonly [DerivedKey, ...DerivedKey[]] {
    let keys = this.#derived.get(purpose);
    if (keys === undefined) {
      keys = this.#secrets.map((secret) => {
        const bytes = new Uint8Array(hkdfSync('sha256', secret, SALT, purpose, 32));
        return { kid: createHash('sha256').update(bytes).digest('base64url').slice(0, 8), bytes };
      });
      this.#derived.set(purpose, keys);
    }
    return keys as readonly [DerivedKey, ...DerivedKey[]];
  }
}
