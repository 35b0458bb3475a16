import type { FakeIdpContext } from './fake-idp-context.js';
import type { FakeIssuedToken } from './fake-idp-state.js';

/** Why the fake IdP refused a bearer token (answered 401 with `WWW-Authenticate`). */
export class BearerRejected extends Error {}

/** The active access token in `Authorization: Bearer …`, as the IdP issued it. */
function bearerAccessToken(context: FakeIdpContext, request: Request): FakeIssuedToken {
  const [scheme, token] = (request.headers.get('authorization') ?? '').split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) throw new BearerRejected('bearer token required');
  const issued = context.state.tokens.get(token);
  if (issued === undefined || issued.kind !== 'access' || issued.revoked || Date.now() >= issued.expiresAt) {
    throw new BearerRejected('the access token is unknown, revoked or expired');
  }
  return issued;
}

/**
 * Checks `Authorization: Bearer …` as the OnesID extensions do: an active access token the IdP issued
 * to the device itself (client_credentials), not to a user.
 */
export function requireDeviceAccessToken(context: FakeIdpContext, request: Request): void {
  if (bearerAccessToken(context, request).sub !== context.device.clientId)
    throw new BearerRejected('not a device access token');
}

/**
 * Checks `Authorization: Bearer …` as a UserInfo endpoint does: an active access token issued to a
 * user, with the `openid` scope. Returns what the IdP knows of it.
 */
export function requireUserAccessToken(context: FakeIdpContext, request: Request): FakeIssuedToken {
  const issued = bearerAccessToken(context, request);
  if (issued.sub === context.device.clientId || !issued.scope.split(' ').includes('openid'))
    throw new BearerRejected('not an access token of a user with the openid scope');
  return issued;
}
