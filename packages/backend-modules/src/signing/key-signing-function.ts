import { type KeyObject, sign, type webcrypto } from 'node:crypto';
import { OnesValidationError } from '@ones.dev/common';
import type { JWK } from 'jose';
import { isCryptoKey, privateKeyObject } from '../internal/private-key-object.js';
import type { JwsAlgorithm } from './jws-algorithm.js';
import type { SigningFunction } from './signing-function.js';

/**
 * A private key a {@link createKeySigningFunction} can use: a PKCS#8 PEM string, a private JWK, or a
 * Web Crypto `CryptoKey` whose usages include `sign`.
 *
 * @example
 * ```ts
 * import type { DevicePrivateKey } from '@ones.dev/backend-modules';
 * const key: DevicePrivateKey = process.env.DEVICE_KEY_PEM ?? '';
 * ```
 */
export type DevicePrivateKey = string | JWK | webcrypto.CryptoKey;

/** The digest each algorithm signs; RS256 is PKCS#1 v1.5 and ECDSA is JOSE form `r‖s` (`ieee-p1363`). */
const DIGEST: Readonly<Record<JwsAlgorithm, string>> = {
  RS256: 'sha256',
  ES256: 'sha256',
  ES384: 'sha384',
  ES512: 'sha512',
};

const ALG_BY_CURVE: Readonly<Record<string, JwsAlgorithm>> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

/** The key as a node:crypto private `KeyObject`; throws when it is none (public, symmetric, not a key). */
function toKeyObject(key: DevicePrivateKey): KeyObject {
  if (typeof key !== 'string' && isCryptoKey(key)) {
    // As the signature it makes: RSASSA-PKCS1-v1_5 with SHA-256, or ECDSA (its hash follows the curve)
    const algorithm = key.algorithm as { name: string; hash?: { name: string } };
    const fits =
      algorithm.name === 'ECDSA' ||
      (algorithm.name === 'RSASSA-PKCS1-v1_5' && algorithm.hash?.name === 'SHA-256');
    if (!key.usages.includes('sign') || !fits) throw new TypeError('not a CryptoKey that signs RS256 or ES*');
  }
  return privateKeyObject(key);
}

/** The key ready to sign, and the algorithm it signs with. */
function toSigningKey(key: DevicePrivateKey): { keyObject: KeyObject; alg: JwsAlgorithm } {
  const keyObject = toKeyObject(key);
  const curve = keyObject.asymmetricKeyDetails?.namedCurve;
  const alg =
    keyObject.asymmetricKeyType === 'rsa'
      ? 'RS256'
      : keyObject.asymmetricKeyType === 'ec' && curve
        ? ALG_BY_CURVE[curve]
        : undefined;
  if (keyObject.type !== 'private' || alg === undefined)
    throw new TypeError('not an RSA or P-256/384/521 private key');
  return { keyObject, alg };
}

/** An RSA signature takes about 1 ms: made on libuv's thread pool, so the event loop keeps going. */
function signOnThreadPool(digest: string, data: Buffer, key: KeyObject): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    sign(digest, data, key, (error, signature) => (error ? reject(error) : resolve(signature)));
  });
}

/**
 * Makes a {@link SigningFunction} that signs in process with a key held in memory (node:crypto):
 * for tests, KMS-style adapters and machines without px-device-identity-service. Like the
 * px-device-identity-service, it signs with the key's own algorithm (RS256 for RSA, ES256/384/512
 * for P-256/384/521, ECDSA in JOSE form `r‖s`); `DeviceAuthentication` learns the key type from the
 * signature when `deviceKeyType` is absent, and names the fix when `deviceKeyType` says otherwise.
 *
 * @param key - the device's private key: PKCS#8 PEM, private JWK, or `CryptoKey`
 * @returns the signing function to pass as `functions.signingFunction`
 * @throws (when signing) OnesValidationError `ERR_VALIDATION_ARGUMENT` for a key that cannot sign
 * (symmetric, public, not RSA or P-256/384/521); the key itself never appears in the message
 * @example
 * ```ts
 * import { createKeySigningFunction } from '@ones.dev/backend-modules';
 * const signingFunction = createKeySigningFunction(process.env.DEVICE_KEY_PEM ?? '');
 * ```
 */
export function createKeySigningFunction(key: DevicePrivateKey): SigningFunction {
  let signingKey: { keyObject: KeyObject; alg: JwsAlgorithm } | undefined;
  return async ({ message }) => {
    try {
      signingKey ??= toSigningKey(key);
    } catch {
      // No `cause`: what a key library says about a key is not for logs.
      throw new OnesValidationError(
        'ERR_VALIDATION_ARGUMENT',
        '"key" is not a private RSA or P-256/384/521 key that can sign',
      );
    }
    const { keyObject, alg } = signingKey;
    const data = Buffer.from(message);
    if (alg === 'RS256') return (await signOnThreadPool(DIGEST[alg], data, keyObject)).toString('base64url');
    // ECDSA is about 0.1 ms: in line, cheaper than a thread-pool round trip (Web Crypto's too).
    return sign(DIGEST[alg], data, { key: keyObject, dsaEncoding: 'ieee-p1363' }).toString('base64url');
  };
}
