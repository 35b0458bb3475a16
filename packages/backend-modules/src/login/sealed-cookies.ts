import { createHash, createSecretKey, hkdfSync, webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;

import { compactDecrypt, type JWTPayload } from 'jose';
import { DirectJweWriter } from './direct-jwe.js';

// HKDF's salt: fixed and public; the secrets carry the entropy (RFC 5869 §3.1).
const SALT = new TextEncoder().encode('@ones.dev/backend-modules/login v1');
/** Longest cookie value the kit reads or writes; browsers keep about 4096 bytes per cookie. */
const MAX_COOKIE_VALUE_LENGTH = 3800;
/** Cookies this instance sealed or opened lately, kept opened: a poll or session check repeats them. */
const RECENT_COOKIES = 2000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface CookieKey {
  readonly kid: string;
  readonly bytes: Uint8Array<ArrayBuffer>;
  /** Imported once: WebCrypto's per-call key import costs more than the AES-GCM work itself. */
  readonly key: Promise<CryptoKey>;
}

function importAesKey(bytes: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return webcrypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/**
 * Encrypts and decrypts one kind of cookie (`purpose`: its name) as a JWE (`dir`, `A256GCM`): private
 * and tamper-proof, readable by every instance that shares a secret. Each secret gives this purpose
 * its own 32-byte key by HKDF-SHA256 (info = the purpose), so a pending-login cookie never opens as
 * a session cookie and the secret itself is never a key. The first secret encrypts; a cookie names
 * its key (`kid`, a hash that reveals nothing about the key), and any secret's key opens it.
 */
export class CookieSealer {
  readonly #purpose: string;
  /** Seals with the first secret's key; jose opens (see {@link DirectJweWriter} for why). */
  readonly #writer: DirectJweWriter;
  readonly #decrypt: ReadonlyMap<string, Promise<CryptoKey>>;
  /**
   * Recently sealed or opened values and their payloads, oldest first. A value is an authenticated
   * ciphertext, so a value seen before opens to the same payload; its expiry is checked again on
   * every use. WebCrypto costs about 0.2 ms per call here, and the same cookie comes back at every
   * poll and every page of a session.
   */
  readonly #recent = new Map<string, JWTPayload>();

  constructor(secrets: readonly Uint8Array[], purpose: string) {
    this.#purpose = purpose;
    const keys = secrets.map((secret): CookieKey => {
      const bytes = new Uint8Array(hkdfSync('sha256', secret, SALT, `cookie ${purpose}`, 32));
      const kid = createHash('sha256').update(bytes).digest('base64url').slice(0, 8);
      return { kid, bytes, key: importAesKey(bytes) };
    });
    const first = keys[0];
    if (first === undefined) throw new TypeError('at least one secret is needed');
    this.#writer = new DirectJweWriter(createSecretKey(first.bytes), first.kid);
    this.#decrypt = new Map(keys.map(({ kid, key }) => [kid, key]));
  }

  /** The sealed value, valid until `expiresAt` (seconds since the epoch). */
  async seal(payload: JWTPayload, expiresAt: number): Promise<string> {
    // A JWE whose plaintext is the JSON claims, as jose's `EncryptJWT` makes it; `open` checks `exp`.
    const sealed = { ...payload, exp: expiresAt };
    const value = this.#writer.seal(encoder.encode(JSON.stringify(sealed)));
    if (value.length > MAX_COOKIE_VALUE_LENGTH) {
      // A browser would drop it, and the login would seem to work and then not: say so instead.
      throw new RangeError(
        `the ${this.#purpose} cookie would be ${value.length} characters, more than ${MAX_COOKIE_VALUE_LENGTH}; keep fewer sessionClaims`,
      );
    }
    this.#remember(value, sealed);
    return value;
  }

  #remember(value: string, payload: JWTPayload): void {
    if (this.#recent.size >= RECENT_COOKIES) {
      const oldest = this.#recent.keys().next();
      if (!oldest.done) this.#recent.delete(oldest.value);
    }
    this.#recent.set(value, payload);
  }

  /** The payload of a value this kit sealed and that has not expired; `undefined` for anything else. */
  async open(value: string | undefined): Promise<JWTPayload | undefined> {
    if (value === undefined || value.length > MAX_COOKIE_VALUE_LENGTH) return undefined;
    const recent = this.#recent.get(value);
    if (recent !== undefined) {
      return isLivePayload(recent) ? recent : undefined;
    }
    try {
      const { plaintext } = await compactDecrypt(
        value,
        async (header) => {
          const key = typeof header.kid === 'string' ? this.#decrypt.get(header.kid) : undefined;
          if (key === undefined) throw new Error('unknown key');
          return key;
        },
        { keyManagementAlgorithms: ['dir'], contentEncryptionAlgorithms: ['A256GCM'] },
      );
      const payload: unknown = JSON.parse(decoder.decode(plaintext));
      if (!isLivePayload(payload)) return undefined;
      this.#remember(value, payload);
      return payload;
    } catch {
      return undefined;
    }
  }
}

/** A JSON object whose `exp` (seconds since the epoch) has not passed. */
function isLivePayload(payload: unknown): payload is JWTPayload {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return false;
  const { exp } = payload as { exp?: unknown };
  return typeof exp === 'number' && exp > Date.now() / 1000;
}
