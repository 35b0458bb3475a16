import { createHash, hkdfSync } from 'node:crypto';
import { EncryptJWT, type JWTPayload, jwtDecrypt } from 'jose';

// HKDF's salt: fixed and public; the secrets carry the entropy (RFC 5869 §3.1).
const SALT = new TextEncoder().encode('@ones.dev/backend-modules/login v1');
/** Longest cookie value the kit reads or writes; browsers keep about 4096 bytes per cookie. */
const MAX_COOKIE_VALUE_LENGTH = 3800;

interface CookieKey {
  readonly kid: string;
  /** Imported once: WebCrypto's per-call key import costs more than the AES-GCM work itself. */
  readonly key: Promise<CryptoKey>;
}

function importAesKey(bytes: Uint8Array): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', bytes, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

/**
 * Encrypts and decrypts one kind of cookie (`purpose`: its name) as a JWE (`dir`, `A256GCM`): private
 * and tamper-proof, readable by every instance that shares a secret. Each secret gives this purpose
 * its own 32-byte key by HKDF-SHA256 (info = the purpose), so a pending-login cookie never opens as
 * a session cookie and the secret itself is never a key. The first secret encrypts; a cookie names
 * its key (`kid`, a hash that reveals nothing about the key), and any secret's key opens it.
 */
export class CookieSealer {
  readonly #encrypt: CookieKey;
  readonly #decrypt: ReadonlyMap<string, Promise<CryptoKey>>;

  constructor(secrets: readonly Uint8Array[], purpose: string) {
    const keys = secrets.map((secret): CookieKey => {
      const bytes = new Uint8Array(hkdfSync('sha256', secret, SALT, `cookie ${purpose}`, 32));
      const kid = createHash('sha256').update(bytes).digest('base64url').slice(0, 8);
      return { kid, key: importAesKey(bytes) };
    });
    const first = keys[0];
    if (first === undefined) throw new TypeError('at least one secret is needed');
    this.#encrypt = first;
    this.#decrypt = new Map(keys.map(({ kid, key }) => [kid, key]));
  }

  /** The sealed value, valid until `expiresAt` (seconds since the epoch). */
  async seal(payload: JWTPayload, expiresAt: number): Promise<string> {
    return new EncryptJWT(payload)
      .setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: this.#encrypt.kid })
      .setExpirationTime(expiresAt)
      .encrypt(await this.#encrypt.key);
  }

  /** The payload of a value this kit sealed and that has not expired; `undefined` for anything else. */
  async open(value: string | undefined): Promise<JWTPayload | undefined> {
    if (value === undefined || value.length > MAX_COOKIE_VALUE_LENGTH) return undefined;
    try {
      const { payload } = await jwtDecrypt(
        value,
        async (header) => {
          const key = typeof header.kid === 'string' ? this.#decrypt.get(header.kid) : undefined;
          if (key === undefined) throw new Error('unknown key');
          return key;
        },
        {
          keyManagementAlgorithms: ['dir'],
          contentEncryptionAlgorithms: ['A256GCM'],
          requiredClaims: ['exp'],
        },
      );
      return payload;
    } catch {
      return undefined;
    }
  }
}
