import { OnesOAuthError } from '@ones.dev/common';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { decodeJwt, IDP_HOST, rejectionOf, useIdpFixture } from '../../test/support/idp-fixture.js';

const fx = useIdpFixture({ jwtBearerSubjects: ['user-alice'] });
const ISSUER = `${IDP_HOST}/oidc`;
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** Posts a jwt-bearer token request with `assertion` and a fresh, valid client assertion: the IdP's answer. */
async function postAssertion(assertion: string) {
  const form = {
    grant_type: JWT_BEARER,
    assertion,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await fx.auth.makeDeviceJwt(),
  };
  const answer = await fetch(`${ISSUER}/token`, { method: 'POST', body: new URLSearchParams(form) });
  return { status: answer.status, body: await answer.json() };
}

/** An assertion signed with the device key, with `claims` over the valid defaults. */
async function assertion(claims: Record<string, unknown> = {}) {
  const iat = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: fx.device.clientId,
    sub: 'user-alice',
    aud: ISSUER,
    iat,
    exp: iat + 60,
    jti: crypto.randomUUID(),
    ...claims,
  })
    .setProtectedHeader({ alg: fx.device.alg, typ: 'JWT' })
    .sign(fx.device.privateKey);
}

describe('jwtBearerGrant', () => {
  it('gets a user’s access token from an assertion the device signs, authenticated as the device', async () => {
    const tokens = await fx.auth.jwtBearerGrant({ subject: 'user-alice', scope: 'openid profile' });
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'openid profile' });
    expect(tokens.id_token).toBeUndefined();
    expect(tokens.refresh_token).toBeUndefined();
    const [request] = fx.idp.received.filter(
      (r) => r.endpoint === 'token' && r.form.grant_type === JWT_BEARER,
    );
    expect(request?.form).toMatchObject({ scope: 'openid profile', client_assertion: expect.any(String) });
    const { header, payload } = decodeJwt(request?.form.assertion ?? '');
    expect(header).toEqual({ alg: fx.device.alg, typ: 'JWT' });
    expect(payload).toEqual({
      iss: fx.device.clientId,
      sub: 'user-alice',
      aud: ISSUER,
      iat: expect.any(Number),
      exp: (payload.iat as number) + 60,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    // the token is alice's: UserInfo says so
    await expect(fx.auth.userInfo(tokens.access_token)).resolves.toMatchObject({ sub: 'user-alice' });
  });

  it('with a resource: a JWT access token for that API, which validateJwt accepts', async () => {
    const tokens = await fx.auth.jwtBearerGrant({
      subject: 'user-alice',
      resource: 'https://api.example.com',
    });
    const claims = await fx.auth.validateJwt(tokens.access_token, { audience: ['https://api.example.com'] });
    expect(claims).toMatchObject({ sub: 'user-alice', aud: 'https://api.example.com' });
  });

  it('the policy decides: a subject it does not allow, or a device without one, is refused', async () => {
    const bob = await rejectionOf(fx.auth.jwtBearerGrant({ subject: 'user-bob' }));
    expect(bob).toBeInstanceOf(OnesOAuthError);
    expect(bob.code).toBe('ERR_OAUTH_INVALID_GRANT');
    await fx.useDevice({ jwtBearerSubjects: [] });
    const none = await rejectionOf(fx.auth.jwtBearerGrant({ subject: 'user-alice' }));
    expect(none.code).toBe('ERR_OAUTH_INVALID_REQUEST');
    expect(none.message).toContain('requested grant type is not allowed for this client');
  });

  it('attacks: a replayed assertion, another audience, an expired one, one signed by another key', async () => {
    await fx.auth.jwtBearerGrant({ subject: 'user-alice' });
    const [sent] = fx.idp.received.filter((r) => r.form.grant_type === JWT_BEARER);
    const replayed = await postAssertion(sent?.form.assertion ?? '');
    expect(replayed).toEqual({
      status: 400,
      body: { error: 'invalid_grant', error_description: 'assertion jti was already used' },
    });
    const elsewhere = await postAssertion(await assertion({ aud: 'https://other-idp.example/oidc' }));
    expect(elsewhere.body.error).toBe('invalid_grant');
    const past = Math.floor(Date.now() / 1000) - 600;
    const expired = await postAssertion(await assertion({ iat: past, exp: past + 60 }));
    expect(expired.body.error).toBe('invalid_grant');
    const future = Math.floor(Date.now() / 1000) + 86_400;
    expect((await postAssertion(await assertion({ iat: future, exp: future + 60 }))).body.error).toBe(
      'invalid_grant',
    );
    const { privateKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
    ]);
    const forged = await new SignJWT({ iss: fx.device.clientId, sub: 'user-alice', aud: ISSUER, jti: 'x' })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(privateKey);
    expect((await postAssertion(forged)).body.error).toBe('invalid_grant');
    // the valid one, for contrast
    expect((await postAssertion(await assertion())).status).toBe(200);
  });

  it('checks its parameters before signing anything', async () => {
    for (const parameters of [
      { subject: '' },
      { subject: 'user-alice', resource: 'not a uri' },
      { subject: 'user-alice', scope: '' },
    ]) {
      const error = await rejectionOf(fx.auth.jwtBearerGrant(parameters));
      expect(error.code).toBe('ERR_VALIDATION_ARGUMENT');
    }
    expect(fx.signer.received).toHaveLength(0);
  });
});
