import { CompactEncrypt, importJWK } from 'jose';
import type { FakeIdpContext } from './fake-idp-context.js';

/**
 * A signed JWT encrypted to the client's key (a nested JWT, `cty: JWT`), when the fake IdP has one
 * (`encryptTo`); else the JWT as it is.
 */
export async function encryptedFor(context: FakeIdpContext, signedJwt: string): Promise<string> {
  const jwk = context.encryptTo;
  if (jwk === undefined) return signedJwt;
  const alg = jwk.alg ?? (jwk.kty === 'RSA' ? 'RSA-OAEP-256' : 'ECDH-ES');
  const key = await importJWK(jwk, alg);
  return new CompactEncrypt(new TextEncoder().encode(signedJwt))
    .setProtectedHeader({ alg, enc: 'A256GCM', cty: 'JWT', ...(jwk.kid ? { kid: jwk.kid } : {}) })
    .encrypt(key);
}
