import { createPrivateKey, type KeyObject, webcrypto } from 'node:crypto';
import { OnesValidationError } from '@ones.dev/common';
import { base64url, importJWK, importPKCS8, type JWK } from 'jose';
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

type CryptoKey = webcrypto.CryptoKey;

const WEB_CRYPTO_PARAMS: Readonly<
  Record<JwsAlgorithm, webcrypto.AlgorithmIdentifier | webcrypto.EcdsaParams>
> = {
  RS256: { name: 'RSASSA-PKCS1-v1_5' },
  ES256: { name: 'ECDSA', hash: 'SHA-256' },
  ES384: { name: 'ECDSA', hash: 'SHA-384' },
  ES512: { name: 'ECDSA', hash: 'SHA-512' },
};

function isCryptoKey(key: JWK | CryptoKey): key is CryptoKey {
  return 'algorithm' in key && 'usages' in key && 'extractable' in key;
}

const ALG_BY_CURVE: Readonly<Record<string, JwsAlgorithm>> = {
  'P-256': 'ES256',
  'P-384': 'ES384',
  'P-521': 'ES512',
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
};

/** The algorithm a private key signs with, from its own description; `undefined` when it cannot sign. */
function algorithmOfKey(key: DevicePrivateKey): JwsAlgorithm | undefined {
  if (typeof key === 'string') {
    let keyObject: KeyObject;
    try {
      keyObject = createPrivateKey(key);
    } catch {
      return undefined;
    }
    if (keyObject.asymmetricKeyType === 'rsa') return 'RS256';
    const curve = keyObject.asymmetricKeyDetails?.namedCurve;
    return keyObject.asymmetricKeyType === 'ec' && curve ? ALG_BY_CURVE[curve] : undefined;
  }
  if (isCryptoKey(key)) {
    const algorithm = key.algorithm as { name: string; namedCurve?: string };
    if (algorithm.name === 'RSASSA-PKCS1-v1_5') return 'RS256';
    return algorithm.name === 'ECDSA' ? ALG_BY_CURVE[algorithm.namedCurve ?? ''] : undefined;
  }
  if (key.kty === 'RSA') return 'RS256';
  return key.kty === 'EC' ? ALG_BY_CURVE[key.crv ?? ''] : undefined;
}

/** Whether `key` is a private key that can sign with `alg` (family, curve or hash, usage). */
function fitsAlgorithm(key: CryptoKey, alg: JwsAlgorithm): boolean {
  const algorithm = key.algorithm as { name: string; namedCurve?: string; hash?: { name: string } };
  if (key.type !== 'private' || !key.usages.includes('sign')) return false;
  if (alg === 'RS256') return algorithm.name === 'RSASSA-PKCS1-v1_5' && algorithm.hash?.name === 'SHA-256';
  return algorithm.name === 'ECDSA' && ALG_BY_CURVE[algorithm.namedCurve ?? ''] === alg;
}

/** The key as a signing `CryptoKey`, and the algorithm it signs with. */
async function toSigningKey(key: DevicePrivateKey): Promise<{ cryptoKey: CryptoKey; alg: JwsAlgorithm }> {
  const alg = algorithmOfKey(key);
  if (alg === undefined) throw new TypeError('not an RSA or P-256/384/521 private key');
  let imported: CryptoKey | Uint8Array;
  if (typeof key === 'string') imported = (await importPKCS8(key, alg)) as CryptoKey;
  else if (isCryptoKey(key)) imported = key;
  else imported = (await importJWK(key as JWK, alg)) as CryptoKey | Uint8Array;
  if (imported instanceof Uint8Array || !fitsAlgorithm(imported, alg)) {
    throw new TypeError(`not a private key that signs with ${alg}`);
  }
  return { cryptoKey: imported, alg };
}

/**
 * Makes a {@link SigningFunction} that signs in process with a key held in memory (via Web Crypto):
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
  let signingKey: Promise<{ cryptoKey: CryptoKey; alg: JwsAlgorithm }> | undefined;
  return async ({ message }) => {
    // No `cause`: what a key library says about a key is not for logs.
    signingKey ??= toSigningKey(key).catch(() => {
      signingKey = undefined;
      throw new OnesValidationError(
        'ERR_VALIDATION_ARGUMENT',
        '"key" is not a private RSA or P-256/384/521 key that can sign',
      );
    });
    const { cryptoKey, alg } = await signingKey;
    const signature = await webcrypto.subtle.sign(
      WEB_CRYPTO_PARAMS[alg],
      cryptoKey,
      new TextEncoder().encode(message),
    );
    return base64url.encode(new Uint8Array(signature));
  };
}
