// Shared by the benchmarks that compare with openid-client v6: the CIBA signed request object, which
// openid-client leaves to its caller, made with jose the way an openid-client user would.
import { SignJWT } from 'jose';

/** A signed CIBA request object (CIBA §7.1.1) for alice, valid 5 minutes. */
export function signCibaRequest({ key, alg, clientId, issuer, bindingMessage }) {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    scope: 'openid profile',
    binding_message: bindingMessage,
    login_hint_token: JSON.stringify({ kind: 'username', value: 'alice' }),
  })
    .setProtectedHeader({ alg, typ: 'JWT' })
    .setIssuer(clientId)
    .setAudience(issuer)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 300)
    .setJti(crypto.randomUUID())
    .sign(key);
}
