import type { IdpUser } from '@ones.dev/idp-model';
import { importJWK, type JWTPayload, jwtVerify } from 'jose';
import { errors, type KoaContextWithOIDC, type Provider } from 'oidc-provider';
import type { DevDevice } from '../device/enrol-device.js';
import { resourceServerInfo } from './provider-configuration.js';

/** RFC 7523 §2.1: a JWT as an authorization grant. */
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const OIDC_SCOPES = new Set(['openid', 'offline_access', 'profile', 'email', 'phone']);

/** What the grant needs from dev-idp: the device, its policy, the users and resources. */
export interface JwtBearerPolicy {
  readonly issuer: string;
  readonly device: DevDevice;
  /** The `sub`s the device may assert. */
  readonly subjects: readonly string[];
  readonly users: readonly IdpUser[];
  readonly resources: readonly string[];
  readonly tokenSigningAlg: 'ES256' | 'RS256';
}

/**
 * Adds the JWT-bearer grant to oidc-provider's token endpoint: the assertion is signed with the
 * device key, `iss` the device's client (the one authenticated), `sub` a user the policy allows,
 * `aud` the issuer or the token endpoint, at most 300 s long, its `jti` used once. The answer is an
 * access token for that user (JWT for a `resource`, else opaque); no ID token, no refresh token.
 * A client not registered for the grant (no policy) gets `invalid_request` from oidc-provider.
 */
export function registerJwtBearerGrant(provider: Provider, policy: JwtBearerPolicy): void {
  const usedJtis = new Map<string, number>(); // jti → until (ms)
  const handler = async (ctx: KoaContextWithOIDC) => {
    const { client, params } = ctx.oidc;
    if (client?.clientId !== policy.device.clientId) throw new errors.UnauthorizedClient();
    const assertion = typeof params?.assertion === 'string' ? params.assertion : '';
    if (assertion === '') throw new errors.InvalidRequest('assertion is required');
    const payload = await verifyAssertion(assertion, policy, usedJtis);
    const sub = String(payload.sub);
    if (!policy.subjects.includes(sub) || !policy.users.some((user) => user.sub === sub))
      throw new errors.InvalidGrant('this client may not assert that subject');
    const resource = typeof params?.resource === 'string' ? params.resource : undefined;
    if (resource !== undefined && !policy.resources.includes(resource)) throw new errors.InvalidTarget();
    const requested = String(params?.scope ?? 'openid').split(' ');
    const scope = requested.filter((value) => OIDC_SCOPES.has(value)).join(' ') || 'openid';
    const grant = new provider.Grant({ accountId: sub, clientId: client.clientId });
    grant.addOIDCScope(scope);
    if (resource !== undefined) grant.addResourceScope(resource, 'api:read');
    const grantId = await grant.save();
    const token = new provider.AccessToken({ accountId: sub, client, grantId, gty: 'jwt_bearer', scope });
    if (resource !== undefined) {
      token.resourceServer = new provider.ResourceServer(
        resource,
        resourceServerInfo(resource, policy.tokenSigningAlg),
      );
      token.scope = 'api:read';
    }
    const value = await token.save();
    ctx.body = {
      access_token: value,
      token_type: 'Bearer',
      expires_in: token.expiration,
      scope: token.scope,
    };
  };
  provider.registerGrantType(JWT_BEARER_GRANT, handler as never, ['assertion', 'scope', 'resource']);
}

async function verifyAssertion(
  assertion: string,
  policy: JwtBearerPolicy,
  usedJtis: Map<string, number>,
): Promise<JWTPayload> {
  const { device, issuer } = policy;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, await importJWK(device.publicJwk, device.alg), {
      issuer: device.clientId,
      audience: [issuer, `${issuer}/token`],
      algorithms: [device.alg],
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      // an `iat` in the future would stretch the 300 s below: jose refuses it with a maximum age
      maxTokenAge: 300,
      clockTolerance: 5,
    }));
  } catch (error) {
    throw new errors.InvalidGrant(`assertion rejected: ${(error as Error).message}`);
  }
  if ((payload.exp ?? 0) - (payload.iat ?? 0) > 300)
    throw new errors.InvalidGrant('assertion lives longer than 300 s');
  const now = Date.now();
  for (const [jti, until] of usedJtis) if (until < now) usedJtis.delete(jti);
  const jti = String(payload.jti);
  if (usedJtis.has(jti)) throw new errors.InvalidGrant('assertion jti was already used');
  usedJtis.set(jti, ((payload.exp ?? 0) + 10) * 1000);
  return payload;
}
