import type { DeviceAuthentication } from '@ones.dev/backend-modules';
import { OnesOAuthError } from '@ones.dev/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../src/index.js';
import { backendFor, rejectionOf, startTestIdp } from './dev-idp-fixture.js';

// OpenID Connect UserInfo against oidc-provider: JSON for a default client, a signed JWT for one
// registered with userinfo_signed_response_alg (dev-idp's userInfoAsJwt).
const ALICE = { kind: 'username', value: 'alice' } as const;
const started: DevIdp[] = [];
let json: { idp: DevIdp; auth: DeviceAuthentication };
let jwt: { idp: DevIdp; auth: DeviceAuthentication };

beforeAll(async () => {
  const plain = await startTestIdp();
  const signed = await startTestIdp({ userInfoAsJwt: true, tokenSigningAlg: 'RS256' });
  started.push(plain, signed);
  json = { idp: plain, auth: await backendFor(plain) };
  jwt = { idp: signed, auth: await backendFor(signed) };
});
afterAll(() => Promise.all(started.map((idp) => idp.stop())));

/** Alice logs in by CIBA and approves: her tokens and the ID token's claims. */
async function aliceLogin({ idp, auth }: { idp: DevIdp; auth: DeviceAuthentication }) {
  const login = await auth.makeCibaRequest({ loginHint: ALICE });
  await idp.approveLogin({ authReqId: login.auth_req_id });
  const tokens = await auth.waitForCibaTokens(login);
  const claims = await auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' });
  return { tokens, claims };
}

describe('userInfo against dev-idp', () => {
  it('JSON: the claims of the scopes granted, about the ID token’s user', async () => {
    const { tokens, claims } = await aliceLogin(json);
    const user = await json.auth.userInfo(tokens.access_token, { expectedSubject: claims.sub });
    expect(user).toEqual({
      sub: 'user-alice',
      name: 'Alice Example',
      given_name: 'Alice',
      family_name: 'Example',
      birthdate: '1990-04-01',
      email: 'alice@example.com',
      email_verified: true,
    });
  });

  it('a signed JWT (RS256): verified with the IdP’s keys, iss and aud checked', async () => {
    const { tokens, claims } = await aliceLogin(jwt);
    const user = await jwt.auth.userInfo(tokens.access_token, { expectedSubject: claims.sub });
    expect(user).toMatchObject({
      sub: 'user-alice',
      name: 'Alice Example',
      iss: jwt.idp.issuer,
      aud: expect.stringMatching(/^dev-client-/),
    });
  });

  it('a revoked access token is ERR_OAUTH_INVALID_TOKEN from the IdP itself', async () => {
    const { tokens } = await aliceLogin(json);
    await json.auth.revokeToken(tokens.access_token, 'access_token');
    // a token the IdP does not know is "revoked" too (RFC 7009 §2.2): nothing to learn from it
    await expect(json.auth.revokeToken('a-token-nobody-issued')).resolves.toBeUndefined();
    await expect(json.auth.tokenIntrospection(tokens.access_token)).resolves.toMatchObject({ active: false });
    const error = await rejectionOf(json.auth.userInfo(tokens.access_token));
    expect(error).toBeInstanceOf(OnesOAuthError);
    expect(error.code).toBe('ERR_OAUTH_INVALID_TOKEN');
    expect((error as unknown as OnesOAuthError).response.status).toBe(401);
  });
});
