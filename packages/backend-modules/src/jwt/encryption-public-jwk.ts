import { createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { privateKeyObject } from '../internal/private-key-object.js';
import { type DecryptionKey, decryptionKeyFamily } from './token-decryption.js';

/**
 * The public half of a {@link DecryptionKey}, as the JWK to register with OnesID (in the client's
 * `jwks`, next to the signing key) so that it encrypts ID tokens to you: `use: 'enc'`, `alg`
 * (`ECDH-ES` for P-256, P-384 and X25519, `RSA-OAEP-256` for RSA) and a `kid` (the RFC 7638
 * thumbprint). Never the private parts.
 *
 * @param key - the private key you pass as `tokenDecryption.key`
 * @returns the public JWK
 * @throws OnesConfigError `ERR_CONFIG_INVALID` for a key that cannot decrypt (the key is never quoted)
 * @example
 * ```ts
 * import { encryptionPublicJwk } from '@ones.dev/backend-modules';
 * const jwk = await encryptionPublicJwk(process.env.ID_TOKEN_DECRYPTION_KEY_PEM ?? '');
 * console.info(JSON.stringify(jwk)); // register it, with id_token_encrypted_response_alg: jwk.alg
 * ```
 */
export async function encryptionPublicJwk(key: DecryptionKey): Promise<JWK> {
  const family = decryptionKeyFamily(key);
  const privateKey = privateKeyObject(key);
  const { kty, crv, x, y, n, e } = createPublicKey(privateKey).export({ format: 'jwk' }) as JWK;
  const jwk: JWK = Object.fromEntries(
    Object.entries({ kty, crv, x, y, n, e }).filter(([, value]) => value !== undefined),
  );
  return {
    ...jwk,
    use: 'enc',
    alg: family === 'rsa' ? 'RSA-OAEP-256' : 'ECDH-ES',
    kid: await calculateJwkThumbprint(jwk),
  };
}
