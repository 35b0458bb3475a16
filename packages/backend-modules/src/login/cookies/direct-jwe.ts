import { createCipheriv, type KeyObject, randomBytes } from 'node:crypto';

/**
 * Writes compact JWEs with `alg: dir` and `enc: A256GCM` (RFC 7516 §7.1, RFC 7518 §5.3) under one
 * key, with `node:crypto`: what jose's `CompactEncrypt` makes, byte for byte in format, and what
 * jose's `compactDecrypt` opens (the kit opens every cookie with jose, so all bytes a browser sends
 * go through the library). Only sealing is done here, for speed: jose encrypts through WebCrypto,
 * whose per-call job costs about 0.1 ms in a busy server, twice per login; `createCipheriv` with a
 * `KeyObject` costs a tenth of that.
 *
 * @example
 * const writer = new DirectJweWriter(createSecretKey(key32), 'k1');
 * const value = writer.seal(new TextEncoder().encode('{"exp":1900000000}'));
 * await compactDecrypt(value, key32); // jose opens it
 */
export class DirectJweWriter {
  readonly #key: KeyObject;
  /** The protected header, base64url-encoded: also the additional authenticated data. */
  readonly #header: string;

  constructor(key: KeyObject, kid: string) {
    if (key.symmetricKeySize !== 32) throw new TypeError('A256GCM needs a 32-byte key');
    this.#key = key;
    this.#header = Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM', kid })).toString('base64url');
  }

  /** `plaintext` encrypted under a fresh random 96-bit IV (never reused: 2^-32 risk after 2^32 seals). */
  seal(plaintext: Uint8Array): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(this.#header, 'ascii'));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const tag = cipher.getAuthTag();
    // header . (no encrypted key with dir) . iv . ciphertext . tag
    return `${this.#header}..${iv.toString('base64url')}.${ciphertext.toString('base64url')}.${tag.toString('base64url')}`;
  }
}
