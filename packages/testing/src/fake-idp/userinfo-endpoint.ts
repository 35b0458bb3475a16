import { HttpResponse } from 'msw';
import { requireUserAccessToken } from './bearer-token.js';
import { encryptedFor } from './encrypt-for-client.js';
import type { FakeIdpContext } from './fake-idp-context.js';

/**
 * OpenID Connect UserInfo, as dev-idp answers it: `sub`, and the claims of the token's scopes
 * (`profile`: the names and birthdate; `email`; `phone`). As JSON, or as a JWT signed with the IdP's
 * key (`iss`, `aud` the client) when the fake IdP was made with `userInfoAsJwt`, then encrypted to
 * the client's key when it was made with `encryptTo`.
 */
export async function answerUserInfo(context: FakeIdpContext, request: Request): Promise<Response> {
  const token = requireUserAccessToken(context, request);
  const user = context.users.find((candidate) => candidate.sub === token.sub);
  const scopes = new Set(token.scope.split(' '));
  const claims: Record<string, unknown> = { sub: token.sub };
  if (scopes.has('profile') && user?.profile) {
    const { fullName, firstName, lastName, dateOfBirth } = user.profile;
    Object.assign(claims, {
      ...(fullName ? { name: fullName } : {}),
      ...(firstName ? { given_name: firstName } : {}),
      ...(lastName ? { family_name: lastName } : {}),
      ...(dateOfBirth ? { birthdate: dateOfBirth } : {}),
    });
  }
  if (scopes.has('email') && user?.email) Object.assign(claims, { email: user.email, email_verified: true });
  if (scopes.has('phone') && user?.phone) claims.phone_number = user.phone;
  const headers = { 'cache-control': 'no-store' };
  if (!context.userInfoAsJwt) return HttpResponse.json(claims, { headers });
  const signed = await context.keys.sign({ ...claims, iss: context.issuer, aud: context.device.clientId });
  const jwt = await encryptedFor(context, signed);
  return new HttpResponse(jwt, { headers: { ...headers, 'content-type': 'application/jwt' } });
}
