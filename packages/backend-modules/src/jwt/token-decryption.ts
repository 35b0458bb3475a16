import type { KeyObject, webcrypto } from 'node:crypto';
import { causeWithoutSecrets, OnesConfigError, OnesJwtError } from '@ones.dev/common';
import { compactDecrypt, decodeProtectedHeader, errors, importPKCS8, type JWK } from 'jose';
import { isCryptoKey, privateKeyObject } from '../internal/private-key-object.js';

type CryptoKey = webcrypto.CryptoKey;

/**
 * The private key OnesID encrypts ID tokens (and UserInfo answers) to: a PKCS#8 PEM string, a
 * private JWK, or a `CryptoKey`. P-256, P-384 or X25519 (ECDH-ES, alone or with A128KW/A192KW/A256KW),
 * or RSA (RSA-OAEP-256).
 *
 * @example
 * ```ts
 * import type { DecryptionKey } from '@ones.dev/backend-modules';
 * const key: DecryptionKey = process.env.ID_TOKEN_DECRYPTION_KEY_PEM ?? '';
 * ```
 */
export type DecryptionKey = string | JWK | CryptoKey;

/**
 * Option `tokenDecryption` of `DeviceAuthentication`: the key encrypted ID tokens are decrypted with.
 *
 * @example
 * ```ts
 * import type { TokenDecryptionOptions } from '@ones.dev/backend-modules';
 * const tokenDecryption: TokenDecryptionOptions = { key: process.env.ID_TOKEN_DECRYPTION_KEY_PEM ?? '' };
 * ```
 */
export interface TokenDecryptionOptions {
  readonly key: DecryptionKey;
  /**
   * Also accept an ID token that is only signed. Default `false`: with a key configured, a plain
   * JWS ID token is refused, so that an IdP (or anyone in between) cannot quietly stop encrypting.
   */
  readonly acceptUnencrypted?: boolean;
}

/** Key management algorithms per key family; nothing else is tried (no `dir`, no RSA1_5, no RSA-OAEP with SHA-1). */
const ECDH_ALGORITHMS = ['ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'];
const RSA_ALGORITHMS = ['RSA-OAEP-256'];
/** Content encryption algorithms accepted. */
const ALLOWED_JWE_ENCRYPTION = [
  'A128GCM',
  'A192GCM',
  'A256GCM',
  'A128CBC-HS256',
  'A192CBC-HS384',
  'A256CBC-HS512',
] as const;

const NOT_A_KEY = '"tokenDecryption.key" is not a private P-256, P-384, X25519 or RSA key';

/** Whether a `CryptoKey` was made to decrypt as one of the accepted families. */
function decryptsAsCryptoKey(key: CryptoKey): boolean {
  const algorithm = key.algorithm as { name: string; hash?: { name: string } };
  return (
    key.type === 'private' &&
    (algorithm.name === 'ECDH' ||
      algorithm.name === 'X25519' ||
      (algorithm.name === 'RSA-OAEP' && algorithm.hash?.name === 'SHA-256'))
  );
}

/** The key's family, from the key itself; throws `OnesConfigError` (never quoting the key) when it has none. */
export function decryptionKeyFamily(key: DecryptionKey): 'ecdh' | 'rsa' {
  let keyObject: KeyObject | undefined;
  try {
    if (typeof key === 'string' || !isCryptoKey(key) || decryptsAsCryptoKey(key))
      keyObject = privateKeyObject(key);
  } catch {}
  const type = keyObject?.type === 'private' ? keyObject.asymmetricKeyType : undefined;
  const curve = keyObject?.asymmetricKeyDetails?.namedCurve ?? '';
  if (type === 'rsa') return 'rsa';
  if (type === 'x25519' || (type === 'ec' && ['prime256v1', 'secp384r1'].includes(curve))) return 'ecdh';
  throw new OnesConfigError('ERR_CONFIG_INVALID', NOT_A_KEY);
}

/** Imports the key for jose, once: a PEM (PKCS#8, PKCS#1 or SEC1) or a JWK through PKCS#8. */
async function importDecryptionKey(key: DecryptionKey, family: 'ecdh' | 'rsa'): Promise<CryptoKey> {
  if (typeof key !== 'string' && isCryptoKey(key)) return key;
  const pkcs8 = privateKeyObject(key).export({ type: 'pkcs8', format: 'pem' }).toString();
  return (await importPKCS8(pkcs8, family === 'rsa' ? 'RSA-OAEP-256' : 'ECDH-ES')) as CryptoKey;
}

/** Whether `token` is a compact JWE (five parts) rather than a JWS (three). */
export const isCompactJwe = (token: string): boolean => token.split('.').length === 5;

/**
 * Unwraps encrypted tokens (nested JWTs: a JWS inside a JWE, OpenID Connect Core §10.2) with the
 * configured key, under the configured rules; the JWS inside is then validated as any other.
 */
export class TokenDecryption {
  readonly #options: TokenDecryptionOptions | undefined;
  readonly #family: 'ecdh' | 'rsa' | undefined;
  #key: Promise<CryptoKey> | undefined;

  /** @throws OnesConfigError when the key is not one that can decrypt */
  constructor(options: TokenDecryptionOptions | undefined) {
    this.#options = options;
    this.#family = options === undefined ? undefined : decryptionKeyFamily(options.key);
  }

  /**
   * The signed JWT to validate: the one inside `token` when it is encrypted, `token` itself when
   * it is signed only and that is allowed. `strict`: refuse a signed-only token when a key is
   * configured (ID tokens), unless `acceptUnencrypted`.
   */
  async signedJwtOf(token: string, what: string, strict: boolean): Promise<string> {
    const options = this.#options;
    if (!isCompactJwe(token)) {
      if (options !== undefined && strict && options.acceptUnencrypted !== true) {
        throw new OnesJwtError(
          'ERR_JWT_INVALID',
          `the ${what} is not encrypted, but tokenDecryption is configured: the IdP should encrypt it to your key; set tokenDecryption.acceptUnencrypted to accept signed-only tokens`,
        );
      }
      return token;
    }
    if (options === undefined || this.#family === undefined) {
      throw new OnesJwtError(
        'ERR_JWT_INVALID',
        `the ${what} is encrypted (JWE): pass tokenDecryption: { key } with the private key whose public half is registered with the IdP`,
      );
    }
    return this.#decrypt(token, what, options.key, this.#family);
  }

  async #decrypt(token: string, what: string, key: DecryptionKey, family: 'ecdh' | 'rsa'): Promise<string> {
    const allowed = family === 'rsa' ? RSA_ALGORITHMS : ECDH_ALGORITHMS;
    let header: { alg?: unknown; enc?: unknown; cty?: unknown };
    try {
      header = decodeProtectedHeader(token);
    } catch (error) {
      throw new OnesJwtError('ERR_JWT_INVALID', `the ${what} is not a valid JWE`, {
        cause: causeWithoutSecrets(error),
      });
    }
    if (
      !allowed.includes(String(header.alg)) ||
      !(ALLOWED_JWE_ENCRYPTION as readonly unknown[]).includes(header.enc)
    ) {
      throw new OnesJwtError(
        'ERR_JWT_INVALID',
        `the ${what} is encrypted with ${JSON.stringify(String(header.alg).slice(0, 20))}/${JSON.stringify(String(header.enc).slice(0, 20))}, which this key does not accept (${allowed.join(', ')} with ${ALLOWED_JWE_ENCRYPTION.join(', ')})`,
      );
    }
    if (header.cty !== undefined && !/^(application\/)?jwt$/i.test(String(header.cty))) {
      throw new OnesJwtError('ERR_JWT_INVALID', `the ${what} is encrypted but does not hold a JWT`);
    }
    // No `cause`: what a key library says about a key is not for logs.
    this.#key ??= importDecryptionKey(key, family).catch(() => {
      this.#key = undefined;
      throw new OnesConfigError('ERR_CONFIG_INVALID', NOT_A_KEY);
    });
    let plaintext: Uint8Array;
    try {
      ({ plaintext } = await compactDecrypt(token, await this.#key, {
        keyManagementAlgorithms: allowed,
        contentEncryptionAlgorithms: [...ALLOWED_JWE_ENCRYPTION],
      }));
    } catch (error) {
      if (error instanceof OnesConfigError) throw error;
      const altered = error instanceof errors.JWEDecryptionFailed || error instanceof errors.JWEInvalid;
      throw new OnesJwtError(
        'ERR_JWT_DECRYPTION_FAILED',
        altered
          ? `the ${what} could not be decrypted with tokenDecryption.key: it was encrypted to another key, or altered`
          : `the ${what} could not be decrypted`,
        { cause: causeWithoutSecrets(error) },
      );
    }
    const inner = new TextDecoder().decode(plaintext);
    if (inner.split('.').length !== 3) {
      throw new OnesJwtError('ERR_JWT_INVALID', `the encrypted ${what} does not hold a signed JWT`);
    }
    return inner;
  }
}
