import { OnesConfigError, OnesJwtError, OnesOAuthError, OnesValidationError } from '@ones.dev/common';
import { generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { IDP_HOST, rejectionOf, useIdpFixture } from '../../test/support/idp-fixture.js';

const fx = useIdpFixture();
const ALICE = { kind: 'username', value: 'alice' } as const;
const ISSUER = `${IDP_HOST}/oidc`;

/** A CIBA login of alice, approved: her tokens (scope `openid profile`). */
async function aliceTokens() {
  const login = await fx.auth.makeCibaRequest({ loginHint: ALICE });
  await fx.idp.approveLogin();
  return fx.auth.checkCibaStatus(login.auth_req_id);
}

/** The next userinfo answer is `jwt`, served as `application/jwt`. */
function answerUserInfoWith(jwt: string) {
  fx.idp.failNext('userinfo', {
    status: 200,
    body: jwt,
    malformed: true,
    headers: { 'content-type': 'application/jwt' },
  });
}

describe('userInfo', () => {
  it('returns the claims of the token’s scopes, and sends the access token as the bearer', async () => {
    const { access_token } = await aliceTokens();
    const user = await fx.auth.userInfo(access_token, { expectedSubject: 'user-alice' });
    expect(user).toEqual({
      sub: 'user-alice',
      name: 'Alice Example',
      given_name: 'Alice',
      family_name: 'Example',
      birthdate: '1990-04-01',
    });
    const [request] = fx.idp.received.filter((r) => r.endpoint === 'userinfo');
    expect(request?.method).toBe('GET');
    expect(request?.status).toBe(200);
  });

  it('checks a signed answer like a token: the IdP’s key, iss, aud this client', async () => {
    const { access_token } = await aliceTokens();
    // the same IdP's key, the right audience: accepted
    answerUserInfoWith(
      await fx.idp.signJwt({ iss: ISSUER, aud: fx.device.clientId, sub: 'user-alice', name: 'Alice' }),
    );
    await expect(fx.auth.userInfo(access_token)).resolves.toMatchObject({ sub: 'user-alice', name: 'Alice' });
    // another client's answer
    answerUserInfoWith(await fx.idp.signJwt({ iss: ISSUER, aud: 'another-client', sub: 'user-alice' }));
    const otherAudience = await rejectionOf(fx.auth.userInfo(access_token));
    expect(otherAudience).toBeInstanceOf(OnesJwtError);
    expect(otherAudience.code).toBe('ERR_JWT_CLAIM_INVALID');
    // signed by a key that is not the IdP's
    const { privateKey } = await generateKeyPair('ES256');
    const forged = await new SignJWT({ iss: ISSUER, aud: fx.device.clientId, sub: 'user-alice' })
      .setProtectedHeader({ alg: 'ES256', kid: 'not-the-idps' })
      .sign(privateKey);
    answerUserInfoWith(forged);
    expect((await rejectionOf(fx.auth.userInfo(access_token))).code).toBe('ERR_JWT_SIGNATURE_INVALID');
    // alg none
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    answerUserInfoWith(
      `${part({ alg: 'none' })}.${part({ iss: ISSUER, aud: fx.device.clientId, sub: 'x' })}.`,
    );
    expect((await rejectionOf(fx.auth.userInfo(access_token))).code).toBe('ERR_JWT_INVALID');
    // encrypted (five parts): named, not mistaken for a bad signature
    answerUserInfoWith('eyJhbGciOiJFQ0RILUVTIn0..iv.ciphertext.tag');
    const encrypted = await rejectionOf(fx.auth.userInfo(access_token));
    expect(encrypted.code).toBe('ERR_JWT_INVALID');
    expect(encrypted.message).toContain(
      'the UserInfo answer is encrypted (JWE): pass tokenDecryption: { key }',
    );
  });

  it('the fake IdP answers a signed JWT when asked to, and the SDK reads it', async () => {
    await fx.useDevice({ userInfoAsJwt: true });
    const { access_token } = await aliceTokens();
    const user = await fx.auth.userInfo(access_token);
    expect(user).toMatchObject({
      sub: 'user-alice',
      name: 'Alice Example',
      iss: ISSUER,
      aud: fx.device.clientId,
    });
  });

  it('refuses an answer about another user, or without a sub', async () => {
    const { access_token } = await aliceTokens();
    const other = await rejectionOf(fx.auth.userInfo(access_token, { expectedSubject: 'user-bob' }));
    expect(other).toBeInstanceOf(OnesValidationError);
    expect(other.message).toBe(
      'the userinfo answer is about another user: its "sub" is not the expected subject',
    );
    fx.idp.failNext('userinfo', { status: 200, body: { name: 'nobody' } });
    const noSub = await rejectionOf(fx.auth.userInfo(access_token));
    expect(noSub.code).toBe('ERR_VALIDATION_RESPONSE');
    expect(noSub.message).toBe('GET /oidc/me: "sub" is missing or malformed');
  });

  it('an unknown token, or the device’s own, is ERR_OAUTH_INVALID_TOKEN, and the token is in no error', async () => {
    const { access_token } = await fx.auth.makeDeviceAccessToken();
    for (const token of [access_token, 'not-a-token-the-idp-issued']) {
      const error = await rejectionOf(fx.auth.userInfo(token));
      expect(error).toBeInstanceOf(OnesOAuthError);
      expect(error.code).toBe('ERR_OAUTH_INVALID_TOKEN');
      expect((error as unknown as OnesOAuthError).response.status).toBe(401);
      expect(JSON.stringify({ ...error, message: error.message })).not.toContain(token);
    }
    const empty = await rejectionOf(fx.auth.userInfo(''));
    expect(empty.code).toBe('ERR_VALIDATION_ARGUMENT');
  });

  it('an IdP without a userinfo endpoint is a configuration error that names the option', async () => {
    const withoutUserInfo = fx.makeAuth({
      fetch: async (url, init) => {
        const answer = await fetch(url, init);
        if (!String(url).endsWith('/.well-known/openid-configuration')) return answer;
        const { userinfo_endpoint: _dropped, ...document } = await answer.json();
        return Response.json(document);
      },
    });
    const error = await rejectionOf(withoutUserInfo.userInfo('a-token'));
    expect(error).toBeInstanceOf(OnesConfigError);
    expect(error.message).toBe(
      'the IdP advertises no userinfo_endpoint; set it with the "endpoints.userinfo" option',
    );
  });
});
