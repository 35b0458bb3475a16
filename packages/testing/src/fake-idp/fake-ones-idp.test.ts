import { SignJWT } from 'jose';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDevice, type TestDevice } from '../test-device.js';
import { createFakeOnesIdp, type FakeOnesIdp } from './fake-ones-idp.js';

// These tests speak raw HTTP to the fake IdP, the way any client would, to prove it refuses what a
// real IdP refuses: customers' tests are only as good as its checks.
const HOST = 'https://id.example';
const ISSUER = `${HOST}/oidc`;
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

const server = setupServer();
let device: TestDevice;
let idp: FakeOnesIdp;

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());
beforeEach(async () => {
  device = await createTestDevice({ clientId: 'shop-backend' });
  idp = createFakeOnesIdp({ host: HOST, device, cibaIntervalSeconds: 3 });
  server.resetHandlers(...idp.handlers);
});

function deviceJwt(
  claims: Record<string, unknown> = {},
  key: CryptoKey = device.privateKey,
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: device.clientId,
    sub: device.clientId,
    aud: ISSUER,
    iat: now,
    nbf: now,
    exp: now + 60,
    jti: crypto.randomUUID(),
    ...claims,
  })
    .setProtectedHeader({ alg: device.alg })
    .sign(key);
}

async function post(
  path: string,
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${ISSUER}${path}`, {
    method: 'POST',
    body: new URLSearchParams(form),
    headers: { accept: 'application/json' },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const clientCredentials = async (assertion: string) =>
  post('/token', {
    grant_type: 'client_credentials',
    client_assertion_type: ASSERTION_TYPE,
    client_assertion: assertion,
  });

describe('createFakeOnesIdp', () => {
  it('serves discovery and a JWKS that verifies the tokens it issues', async () => {
    const discovery = (await (await fetch(`${ISSUER}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery).toMatchObject({
      issuer: ISSUER,
      token_endpoint: `${ISSUER}/token`,
      jwks_uri: `${ISSUER}/jwks`,
    });
    const { status, body } = await clientCredentials(await deviceJwt());
    expect(status).toBe(200);
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300, access_token: expect.any(String) });
    expect(idp.received.map((r) => r.endpoint)).toEqual(['discovery', 'token']);
  });

  it.each([
    ['signed by another key', async () => deviceJwt({}, (await createTestDevice()).privateKey)],
    ['for another audience', () => deviceJwt({ aud: 'https://elsewhere.example' })],
    ['from another client', () => deviceJwt({ iss: 'intruder', sub: 'intruder' })],
    [
      'expired',
      () => deviceJwt({ iat: Math.floor(Date.now() / 1000) - 120, exp: Math.floor(Date.now() / 1000) - 60 }),
    ],
    ['living longer than 300 s', () => deviceJwt({ exp: Math.floor(Date.now() / 1000) + 3600 })],
    ['without a jti', () => deviceJwt({ jti: undefined })],
  ])('refuses an assertion %s with 401 invalid_client', async (_case, makeAssertion) => {
    const { status, body } = await clientCredentials(await makeAssertion());
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
  });

  it('refuses a replayed assertion (same jti)', async () => {
    const assertion = await deviceJwt();
    expect((await clientCredentials(assertion)).status).toBe(200);
    const replay = await clientCredentials(assertion);
    expect(replay).toEqual({
      status: 401,
      body: { error: 'invalid_client', error_description: 'assertion jti was already used' },
    });
  });

  it('checks the CIBA request object and records its claims', async () => {
    const form = async (requestClaims: Record<string, unknown>) => ({
      client_id: device.clientId,
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: await deviceJwt(),
      request: await deviceJwt({
        sub: undefined,
        scope: 'openid',
        login_hint_token: '{"kind":"email","value":"bob@example.com"}',
        ...requestClaims,
      }),
    });
    const accepted = await post('/bc-authorize', await form({ binding_message: 'Log in to Shop' }));
    expect(accepted).toEqual({
      status: 200,
      body: { auth_req_id: expect.stringMatching(/^ciba-/), expires_in: 120, interval: 3 },
    });
    expect(idp.cibaRequest()).toMatchObject({
      user: { sub: 'user-bob' },
      bindingMessage: 'Log in to Shop',
      status: 'pending',
    });
    expect(idp.received.at(-1)?.requestObjectClaims).toMatchObject({ binding_message: 'Log in to Shop' });
    expect((await post('/bc-authorize', await form({ scope: 'profile' }))).body.error).toBe('invalid_scope');
    expect(
      (
        await post(
          '/bc-authorize',
          await form({ login_hint_token: '{"kind":"email","value":"eve@example.com"}' }),
        )
      ).body.error,
    ).toBe('unknown_user_id');
    expect((await post('/bc-authorize', await form({ aud: 'https://elsewhere.example' }))).body.error).toBe(
      'invalid_request_object',
    );
  });

  it('signJwt mints tokens with the current key; after rotateSigningKeys the JWKS lists the new kid first and keeps the previous one', async () => {
    const kidsOf = async () =>
      ((await (await fetch(`${ISSUER}/jwks`)).json()) as { keys: Array<{ kid: string }> }).keys.map(
        (key) => key.kid,
      );
    const before = await kidsOf();
    const kid = await idp.rotateSigningKeys();
    expect(await kidsOf()).toEqual([kid, ...before]);
    const third = await idp.rotateSigningKeys();
    expect(await kidsOf()).toEqual([third, kid]);
    const token = await idp.signJwt({ sub: 'anyone' }, { typ: 'at+jwt' });
    expect(JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString())).toEqual({
      alg: 'ES256',
      kid: third,
      typ: 'at+jwt',
    });
  });

  it('tokens minted concurrently before any other use all carry the one published kid', async () => {
    const kids = await Promise.all(
      Array.from({ length: 20 }, async () => {
        const token = await idp.signJwt({ sub: 'anyone' });
        return (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString()) as { kid: string })
          .kid;
      }),
    );
    const jwks = (await (await fetch(`${ISSUER}/jwks`)).json()) as { keys: Array<{ kid: string }> };
    expect(new Set(kids)).toEqual(new Set(jwks.keys.map((key) => key.kid)));
  });

  it('failNext answers the next request to an endpoint as scripted, then behaves again', async () => {
    idp.failNext('token', { status: 503, headers: { 'retry-after': '7' } });
    const response = await fetch(`${ISSUER}/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('7');
    expect((await clientCredentials(await deviceJwt())).status).toBe(200);
  });

  it('QR sessions and consent need a device access token: 401 with WWW-Authenticate otherwise', async () => {
    const calls: Array<[string, string]> = [
      ['POST', '/qr-auth/sessions'],
      ['GET', '/qr-auth/sessions/x'],
      ['POST', '/consent/requests'],
      ['GET', '/consent/requests/x'],
    ];
    for (const [method, path] of calls) {
      const response = await fetch(`${HOST}${path}`, {
        method,
        headers: { authorization: 'Bearer made-up' },
      });
      expect(response.status, path).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    }
    // a device token works; a user's access token (from a CIBA login) is not a device token
    const { body } = await clientCredentials(await deviceJwt());
    const asDevice = {
      authorization: `Bearer ${String(body.access_token)}`,
      'content-type': 'application/json',
    };
    expect(
      (await fetch(`${HOST}/qr-auth/sessions`, { method: 'POST', headers: asDevice, body: '{}' })).status,
    ).toBe(200);
    const login = await post('/bc-authorize', {
      client_id: device.clientId,
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: await deviceJwt(),
      request: await deviceJwt({
        sub: undefined,
        scope: 'openid',
        login_hint_token: '{"kind":"username","value":"alice"}',
      }),
    });
    await idp.approveLogin({ authReqId: String(login.body.auth_req_id) });
    const tokens = await post('/token', {
      grant_type: 'urn:openid:params:grant-type:ciba',
      auth_req_id: String(login.body.auth_req_id),
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: await deviceJwt(),
    });
    const asUser = {
      authorization: `Bearer ${String(tokens.body.access_token)}`,
      'content-type': 'application/json',
    };
    const refused = await fetch(`${HOST}/qr-auth/sessions`, { method: 'POST', headers: asUser, body: '{}' });
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({
      error: 'invalid_token',
      error_description: 'not a device access token',
    });
  });

  it('the phone callback scans a session; the CIBA request must name the user who scanned', async () => {
    const { body: token } = await clientCredentials(await deviceJwt());
    const headers = {
      authorization: `Bearer ${String(token.access_token)}`,
      'content-type': 'application/json',
    };
    const created = (await (
      await fetch(`${HOST}/qr-auth/sessions`, {
        method: 'POST',
        headers,
        body: '{"originIp":"198.51.100.4"}',
      })
    ).json()) as { cbUrl: string; sessionId: string };
    expect(idp.qrSession()?.originIp).toBe('198.51.100.4');
    const scan = await fetch(created.cbUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginHint: { kind: 'email', value: 'bob@example.com' } }),
    });
    expect(scan.status).toBe(200);
    const status = await (await fetch(`${HOST}/qr-auth/sessions/${created.sessionId}`, { headers })).json();
    expect(status).toMatchObject({ status: 'scanned', loginHint: { kind: 'sub', value: 'user-bob' } });
    const link = async (hint: string) =>
      post('/bc-authorize', {
        client_id: device.clientId,
        client_assertion_type: ASSERTION_TYPE,
        client_assertion: await deviceJwt(),
        request: await deviceJwt({
          sub: undefined,
          scope: 'openid',
          login_hint_token: hint,
          qr_session_id: created.sessionId,
        }),
      });
    expect((await link('{"kind":"sub","value":"user-alice"}')).status).toBe(400); // not who scanned
    const linked = await link('{"kind":"sub","value":"user-bob"}');
    expect(linked.status).toBe(200);
    const again = await link('{"kind":"sub","value":"user-bob"}');
    expect(again).toMatchObject({
      status: 409,
      body: { error: 'qr_session_already_linked', auth_req_id: linked.body.auth_req_id },
    });
    await idp.approveLogin({ authReqId: String(linked.body.auth_req_id) });
    expect((await fetch(`${HOST}/qr-auth/sessions/${created.sessionId}`, { headers })).status).toBe(404);
  });

  it('consent requests: unknown property names are refused; approval releases the profile values (DEMO_USERS, as dev-idp)', async () => {
    const { body: token } = await clientCredentials(await deviceJwt());
    const headers = {
      authorization: `Bearer ${String(token.access_token)}`,
      'content-type': 'application/json',
    };
    const create = (content: unknown) =>
      fetch(`${HOST}/consent/requests`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ subject: 'user-alice', resource: 'shop', content, reason: 'r' }),
      });
    expect((await create([{ name: 'shoeSize' }])).status).toBe(400);
    const { id } = (await (
      await create([{ name: 'firstName' }, { name: 'dateOfBirth' }, { name: 'localizedFirstName' }])
    ).json()) as { id: string };
    idp.approveConsent({ id });
    const decided = await (await fetch(`${HOST}/consent/requests/${id}`, { headers })).json();
    expect(decided).toEqual({
      id,
      status: 'approved',
      // alice's profile has no localizedFirstName: that name comes back without a value
      content: [
        { name: 'firstName', value: 'Alice' },
        { name: 'dateOfBirth', value: '1990-04-01' },
        { name: 'localizedFirstName' },
      ],
    });
  });
});
