import { webcrypto } from 'node:crypto';
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

const CURVE_BY_ALG: Readonly<Record<JwsAlgorithm, string | undefined>> = {
  RS256: undefined,
  ES256: 'P-256',
  ES384: 'P-384',
  ES512: 'P-521',
};

/** Whether `key` is a private key that can sign with `alg` (family, curve or hash, usage). */
function fitsAlgorithm(key: CryptoKey, alg: JwsAlgorithm): boolean {
  const algorithm = key.algorithm as { name: string; namedCurve?: string; hash?: { name: string } };
  if (key.type !== 'private' || !key.usages.includes('sign')) return false;
  if (alg === 'RS256') return algorithm.name === 'RSASSA-PKCS1-v1_5' && algorithm.hash?.name === 'SHA-256';
  return algorithm.name === 'ECDSA' && algorithm.namedCurve === CURVE_BY_ALG[alg];
}

async function toCryptoKey(key: DevicePrivateKey, alg: JwsAlgorithm): Promise<CryptoKey> {
  let imported: CryptoKey | Uint8Array;
  if (typeof key === 'string') imported = (await importPKCS8(key, alg)) as CryptoKey;
  else if (isCryptoKey(key)) imported = key;
  else imported = (await importJWK(key as JWK, alg)) as CryptoKey | Uint8Array;
  if (imported instanceof Uint8Array || !fitsAlgorithm(imported, alg)) {
    throw new OnesValidationError('ERR_VALIDATION_ARGUMENT', `"key" is not a private key for ${alg}`);
  }
  return imported;
}

/**
 * Makes a {@link SigningFunction} that signs in process with a key held in memory (via Web Crypto):
 * for tests, KMS-style adapters and machines without px-device-identity-service. ECDSA signatures come
 * out in JOSE form (`r‖s`).
 *
 * @param key - the device's private key: PKCS#8 PEM, private JWK, or `CryptoKey`
 * @returns the signing function to pass as `functions.signingFunction`
 * @throws (when signing) OnesValidationError `ERR_VALIDATION_ARGUMENT` for a key that cannot sign with the requested `alg`
 * @example
 * ```ts
 * import { createKeySigningFunction } from '@ones.dev/backend-modules';
 * const signingFunction = createKeySigningFunction(process.env.DEVICE_KEY_PEM ?? '');
 * ```
 */
export function createKeySigningFunction(key: DevicePrivateKey): SigningFunction {
  const imported = new Map<JwsAlgorithm, Promise<CryptoKey>>();
  return async ({ message, alg }) => {
    let cryptoKey = imported.get(alg);
    if (cryptoKey === undefined) {
      cryptoKey = toCryptoKey(key, alg).catch((error: unknown) => {
        imported.delete(alg);
        throw new OnesValidationError('ERR_VALIDATION_ARGUMENT', `"key" cannot sign with ${alg}`, {
          cause: error,
        });
      });
      imported.set(alg, cryptoKey);
    }
    const signature = await webcrypto.subtle.sign(
      WEB_CRYPTO_PARAMS[alg],
      await cryptoKey,
      new TextEncoder().encode(message),
    );
    return base64url.encode(new Uint8Array(signature));
  };
}
