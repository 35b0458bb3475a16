import { createPrivateKey, type JsonWebKey, KeyObject, type webcrypto } from 'node:crypto';
import type { JWK } from 'jose';

/** Whether a key the caller gave is a Web Crypto `CryptoKey` (else a JWK). */
export function isCryptoKey(key: object): key is webcrypto.CryptoKey {
  return 'algorithm' in key && 'usages' in key && 'extractable' in key;
}

/**
 * A key the caller gave, a PEM, a private JWK or a `CryptoKey`, as a node:crypto `KeyObject`. Throws
 * when it is not one; callers replace that error, since what a key library says about a key is not
 * for logs.
 */
export function privateKeyObject(key: string | JWK | webcrypto.CryptoKey): KeyObject {
  if (typeof key === 'string') return createPrivateKey(key);
  if (isCryptoKey(key)) return KeyObject.from(key);
  return createPrivateKey({ key: key as JsonWebKey, format: 'jwk' });
}
