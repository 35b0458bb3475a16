import { importJWK, type JWTPayload, jwtVerify } from 'jose';
import type { FakeIdpContext } from './fake-idp-context.js';
import { type Answer, issueTokens, oauthError } from './token-endpoint.js';

/** RFC 7523 §2.1: a JWT as an authorization grant. */
export const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * The JWT-bearer grant as dev-idp answers it: an assertion signed with the device key, `iss` the
 * device's client, `sub` a user the policy lets it assert (`jwtBearerSubjects`), `aud` the issuer or
 * the token endpoint, at most 300 s long, its `jti` used once. An access token for that user (no
 * ID token, no refresh token). Without a policy the grant is not allowed for the client, and the
 * answer is oidc-provider's: `invalid_request`.
 */
export async function answerJwtBearerGrant(
  context: FakeIdpContext,
  form: Readonly<Record<string, string>>,
): Promise<Answer> {
  const { device, issuer, state } = context;
  if (context.jwtBearerSubjects.length === 0)
    return oauthError('invalid_request', 400, 'requested grant type is not allowed for this client');
  if (!form.assertion) return oauthError('invalid_request', 400, 'assertion is required');
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(form.assertion, await importJWK(device.publicJwk, device.alg), {
      issuer: device.clientId,
      audience: [issuer, `${issuer}/token`],
      algorithms: [device.alg],
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      // an `iat` in the future would stretch the 300 s below: jose refuses it with a maximum age
      maxTokenAge: 300,
      clockTolerance: 5,
    }));
  } catch (error) {
    return oauthError('invalid_grant', 400, `assertion rejected: ${(error as Error).message}`);
  }
  if ((payload.exp ?? 0) - (payload.iat ?? 0) > 300)
    return oauthError('invalid_grant', 400, 'assertion lives longer than 300 s');
  const jti = `jwt-bearer:${String(payload.jti)}`;
  if (state.usedJtis.has(jti)) return oauthError('invalid_grant', 400, 'assertion jti was already used');
  state.usedJtis.add(jti);
  const sub = String(payload.sub);
  if (!context.jwtBearerSubjects.includes(sub) || !context.users.some((user) => user.sub === sub))
    return oauthError('invalid_grant', 400, 'this client may not assert that subject');
  const resources = form.resource ? [form.resource] : [];
  return { status: 200, body: await issueTokens(context, sub, form.scope ?? 'openid', resources, false) };
}
