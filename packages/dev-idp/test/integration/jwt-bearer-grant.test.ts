import type { DeviceAuthentication } from '@ones.dev/backend-modules';
import { OnesOAuthError } from '@ones.dev/common';
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../src/index.js';
import { backendFor, rejectionOf, startTestIdp } from './dev-idp-fixture.js';

// RFC 7523 §2.1 against oidc-provider: dev-idp's grant with a policy (the device may assert alice).
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const API = 'https://api.example.com';
let idp: DevIdp;
let auth: DeviceAuthentication;

beforeAll(async () => {
  idp = await startTestIdp({ jwtBearerSubjects: ['user-alice'] });
  auth = await backendFor(idp);
});
afterAll(() => idp.stop());

/** Posts a jwt-bearer token request with `assertion` (and a valid client assertion): the answer. */
async function postAssertion(assertion: string) {
  const form = {
    grant_type: JWT_BEARER,
    assertion,
    client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    client_assertion: await auth.makeDeviceJwt(),
  };
  const answer = await fetch(`${idp.issuer}/token`, { method: 'POST', body: new URLSearchParams(form) });
  return {
    status: answer.status,
    body: (await answer.json()) as { error?: string; error_description?: string },
  };
}

/** An assertion signed with the device key, `claims` over valid defaults. */
async function assertion(claims: Record<string, unknown> = {}) {
  const iat = Math.floor(Date.now() / 1000);
  const key = await importPKCS8(idp.device.privateKeyPem, idp.device.alg);
  return new SignJWT({
    iss: idp.device.clientId,
    sub: 'user-alice',
    aud: idp.issuer,
    iat,
    exp: iat + 60,
    jti: crypto.randomUUID(),
    ...claims,
  })
    .setProtectedHeader({ alg: idp.device.alg })
    .sign(key);
}

describe('jwtBearerGrant against dev-idp', () => {
  it('an opaque access token for alice, good for UserInfo, and a JWT one for an API', async () => {
    const tokens = await auth.jwtBearerGrant({ subject: 'user-alice', scope: 'openid profile' });
    expect(tokens).toMatchObject({ token_type: 'Bearer', scope: 'openid profile' });
    expect(tokens.id_token).toBeUndefined();
    const user = await auth.userInfo(tokens.access_token);
    expect(user).toMatchObject({ sub: 'user-alice', name: 'Alice Example' });
    const introspected = await auth.tokenIntrospection(tokens.access_token);
    expect(introspected).toMatchObject({ active: true, sub: 'user-alice' });
    const forApi = await auth.jwtBearerGrant({ subject: 'user-alice', resource: API });
    const claims = await auth.validateJwt(forApi.access_token, { audience: [API] });
    expect(claims).toMatchObject({ sub: 'user-alice', aud: API, client_id: idp.device.clientId });
  });

  it('the policy: bob is refused, and a device without a policy may not use the grant', async () => {
    const bob = await rejectionOf(auth.jwtBearerGrant({ subject: 'user-bob' }));
    expect(bob).toBeInstanceOf(OnesOAuthError);
    expect(bob.code).toBe('ERR_OAUTH_INVALID_GRANT');
    const plain = await startTestIdp();
    try {
      const refused = await rejectionOf((await backendFor(plain)).jwtBearerGrant({ subject: 'user-alice' }));
      expect(refused.code).toBe('ERR_OAUTH_INVALID_REQUEST');
      expect(refused.message).toContain('requested grant type is not allowed for this client');
    } finally {
      await plain.stop();
    }
  });

  it('attacks: a replayed assertion, another audience, an expired one, a long-lived one, another signer', async () => {
    const once = await assertion();
    expect((await postAssertion(once)).status).toBe(200);
    const replayed = await postAssertion(once);
    expect([replayed.status, replayed.body.error]).toEqual([400, 'invalid_grant']);
    expect((await postAssertion(await assertion({ aud: 'https://other.example/oidc' }))).body.error).toBe(
      'invalid_grant',
    );
    const past = Math.floor(Date.now() / 1000) - 600;
    expect((await postAssertion(await assertion({ iat: past, exp: past + 60 }))).body.error).toBe(
      'invalid_grant',
    );
    const now = Math.floor(Date.now() / 1000);
    expect((await postAssertion(await assertion({ iat: now, exp: now + 3600 }))).body.error).toBe(
      'invalid_grant',
    );
    // issued in the future, so that exp - iat stays short while it lives for a day
    const ahead = await postAssertion(await assertion({ iat: now + 86_400, exp: now + 86_460 }));
    expect(ahead.body.error).toBe('invalid_grant');
    const { privateKey } = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
    ]);
    const forged = await new SignJWT({
      iss: idp.device.clientId,
      sub: 'user-alice',
      aud: idp.issuer,
      jti: 'forged',
    })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuedAt()
      .setExpirationTime('1m')
      .sign(privateKey);
    expect((await postAssertion(forged)).body.error).toBe('invalid_grant');
  });
});
