import { createSecretKey, webcrypto } from 'node:crypto';
import { compactDecrypt, type JWTPayload } from 'jose';
import type { Clock } from '../settings/clock.js';
import { DirectJweWriter } from './direct-jwe.js';
import type { DerivedKey } from './kit-keys.js';

type CryptoKey = webcrypto.CryptoKey;

/** Longest sealed value the kit reads or writes; browsers keep about 4096 bytes per cookie. */
export const MAX_SEALED_LENGTH = 3800;
/** Values this sealer sealed or opened lately, kept opened: a poll or a page repeats the same cookie. */
const RECENT_VALUES = 2000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function importAesKey(bytes: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/**
 * Encrypts and decrypts one kind of value (a cookie, a consent ticket, a stored refresh result) as a
 * JWE (`dir`, `A256GCM`): private and tamper-proof, readable by every instance that shares a
 * secret. Its keys are one purpose's (see `KitKeys`): the first seals; a value names its key
 * (`kid`), and any listed key opens it. Expiry (`exp`) is inside, checked on every open.
 *
 * @example
 * const sealer = new CookieSealer('ones-session', keys.for('cookie ones-session'), systemClock);
 * const value = await sealer.seal({ sid: 's1' }, secondsOf(systemClock) + 600);
 * await sealer.open(value); // { sid: 's1', exp: … }
 */
export class CookieSealer {
  readonly #name: string;
  readonly #clock: Clock;
  /** Seals with the current key; jose opens (see {@link DirectJweWriter} for why). */
  readonly #writer: DirectJweWriter;
  /** Imported once: WebCrypto's per-call key import costs more than the AES-GCM work itself. */
  readonly #openers: ReadonlyMap<string, Promise<CryptoKey>>;
  /**
   * Recently sealed or opened values and their payloads, oldest first. A value is an authenticated
   * ciphertext, so a value seen before opens to the same payload; its expiry is checked again on
   * every use. WebCrypto costs about 0.2 ms per call, and the same cookie comes back at every poll.
   */
  readonly #recent = new Map<string, JWTPayload>();

  constructor(name: string, keys: readonly [DerivedKey, ...DerivedKey[]], clock: Clock) {
    this.#name = name;
    this.#clock = clock;
    this.#writer = new DirectJweWriter(createSecretKey(keys[0].bytes), keys[0].kid);
    this.#openers = new Map(keys.map(({ kid, bytes }) => [kid, importAesKey(bytes)]));
  }

  /** The sealed value of `payload`, valid until `expiresAt` (seconds since the epoch). */
  async seal(payload: JWTPayload, expiresAt: number): Promise<string> {
    const sealed = { ...payload, exp: expiresAt };
    const value = this.#writer.seal(encoder.encode(JSON.stringify(sealed)));
    if (value.length > MAX_SEALED_LENGTH) {
      // A browser would drop it, and the login would seem to work and then not: say so instead.
      throw new RangeError(
        `the ${this.#name} cookie would be ${value.length} characters, more than ${MAX_SEALED_LENGTH}; keep fewer sessionClaims`,
      );
    }
    this.#remember(value, sealed);
    return value;
  }

  /** The payload of a value sealed with one of the keys and not expired; `undefined` for anything else. */
  async open(value: string | undefined): Promise<JWTPayload | undefined> {
    if (value === undefined || value.length > MAX_SEALED_LENGTH) return undefined;
    const recent = this.#recent.get(value);
    if (recent !== undefined) return this.#isLive(recent) ? recent : undefined;
    let payload: unknown;
    try {
      const { plaintext } = await compactDecrypt(
        value,
        async (header) => {
          const key = typeof header.kid === 'string' ? this.#openers.get(header.kid) : undefined;
          if (key === undefined) throw new Error('unknown key');
          return key;
        },
        { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] },
      );
      payload = JSON.parse(decoder.decode(plaintext));
    } catch {
      return undefined;
    }
    if (!this.#isLive(payload)) return undefined;
    this.#remember(value, payload);
    return payload;
  }

  #remember(value: string, payload: JWTPayload): void {
    if (this.#recent.size >= RECENT_VALUES) {
      const oldest = this.#recent.keys().next();
      if (!oldest.done) this.#recent.delete(oldest.value);
    }
    this.#recent.set(value, payload);
  }

  /** A JSON object whose `exp` (seconds since the epoch) is still ahead. */
  #isLive(payload: unknown): payload is JWTPayload {
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
    const { exp } = payload as { exp?: unknown };
    return typeof exp === 'number' && exp * 1000 > this.#clock.now();
  }
}
