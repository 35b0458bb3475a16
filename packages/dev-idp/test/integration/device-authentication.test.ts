import { get } from 'node:http';
import { DeviceAuthentication, loadSystemConfig } from '@ones.dev/backend-modules';
import { AuthJwtProperties, OnesOAuthError, OnesSignerError } from '@ones.dev/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../src/index.js';
import { backendFor, rejectionOf, startTestIdp } from './dev-idp-fixture.js';

// Every DeviceAuthentication method against a real OpenID provider (oidc-provider in dev-idp), over
// loopback HTTP, with the device key held by a px-device-identity-style signer.
let idp: DevIdp;
let auth: DeviceAuthentication;
const ALICE = { kind: 'username', value: 'alice' } as const;

beforeAll(async () => {
  idp = await startTestIdp();
  auth = await backendFor(idp);
});
afterAll(() => idp.stop());

/** A CIBA login for `hint` that the user approves on the phone; the tokens. */
async function approvedLogin(
  backend: DeviceAuthentication,
  hint: { kind: 'username' | 'email' | 'phone' | 'sub'; value: string } = ALICE,
) {
  const login = await backend.makeCibaRequest({ loginHint: hint });
  await idp.approveLogin({ authReqId: login.auth_req_id });
  return backend.waitForCibaTokens(login);
}

describe('device identity', () => {
  it('device.yml names the signer on whatever port it got: fromSystemConfig needs nothing else', async () => {
    const config = loadSystemConfig(idp.device.configPath);
    expect(config.deviceIdentityUrl).toBe(idp.signer.url);
    expect(idp.signer.url).not.toBe('http://127.0.0.1:8000/sign');
    const fromFile = DeviceAuthentication.fromSystemConfig(config, {
      authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Log in' }),
    });
    const signaturesBefore = idp.signer.signatures;
    const { access_token } = await fromFile.makeDeviceAccessToken();
    expect(access_token.length).toBeGreaterThan(10);
    expect(idp.signer.signatures).toBe(signaturesBefore + 1);
  });

  it('gets a device access token with the signed assertion, and the IdP says it is active', async () => {
    const signaturesBefore = idp.signer.signatures;
    const { access_token: token } = await auth.makeDeviceAccessToken();
    expect((await auth.makeDeviceAccessToken()).access_token).toBe(token); // cached
    expect(idp.signer.signatures - signaturesBefore).toBe(1);
    const introspection = await auth.tokenIntrospection(token);
    expect(introspection).toMatchObject({
      active: true,
      client_id: idp.device.clientId,
      token_type: 'Bearer',
      iss: idp.issuer,
    });
    await expect(auth.tokenIntrospection('not-a-token')).resolves.toEqual({ active: false });
  });

  it('explains a signer that is down, and works again once it is back', async () => {
    await idp.signer.stop();
    try {
      const error = await rejectionOf(auth.makeDeviceJwt());
      expect(error).toBeInstanceOf(OnesSignerError);
      expect(error.code).toBe('ERR_SIGNER_UNAVAILABLE');
      expect(error.message).toContain('is px-device-identity-service running?');
    } finally {
      await idp.signer.start();
    }
    await expect(auth.makeDeviceJwt()).resolves.toMatch(/^ey/);
  });
});

describe('CIBA against oidc-provider', () => {
  it('username login → approve on the phone → tokens → validateJwt → introspection → refresh', async () => {
    const login = await auth.makeCibaRequest({
      loginHint: ALICE,
      bindingMessage: 'Log in to Shop: code 4711',
    });
    expect(login).toEqual({ auth_req_id: expect.any(String), expires_in: 120, interval: 1 });
    const prompt = await idp.waitForLogin((p) => p.authReqId === login.auth_req_id);
    expect(prompt).toMatchObject({
      user: { username: 'alice' },
      bindingMessage: 'Log in to Shop: code 4711',
      scope: 'openid profile email offline_access',
    });
    // the user approves once the first poll has seen oidc-provider's authorization_pending
    const outcomes: string[] = [];
    let approval: Promise<void> = Promise.resolve();
    const tokens = await auth.waitForCibaTokens(login, {
      onPoll: ({ outcome }) => {
        outcomes.push(outcome);
        if (outcomes.length === 1) approval = idp.approveLogin({ authReqId: login.auth_req_id });
      },
    });
    await approval;
    expect(outcomes[0]).toBe('pending'); // oidc-provider's own authorization_pending, read by the poller
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      access_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    const claims = await auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' });
    expect(claims).toMatchObject({
      iss: idp.issuer,
      sub: 'user-alice',
      aud: idp.device.clientId,
      email: 'alice@example.com',
      name: 'Alice Example',
    });
    expect(await auth.tokenIntrospection(tokens.access_token)).toMatchObject({
      active: true,
      sub: 'user-alice',
    });
    const refreshed = await auth.refreshAccessToken(tokens.refresh_token ?? '');
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect(await auth.tokenIntrospection(refreshed.access_token)).toMatchObject({
      active: true,
      sub: 'user-alice',
    });
  });

  it('a login for a resource gets a JWT access token that validateJwt accepts as an access token', async () => {
    const login = await auth.makeCibaRequest({
      loginHint: { kind: 'email', value: 'bob@example.com' },
      resources: ['https://api.example.com'],
    });
    await idp.approveLogin({ authReqId: login.auth_req_id });
    const tokens = await auth.waitForCibaTokens(login);
    const access = await auth.validateJwt(tokens.access_token, {
      tokenType: 'access_token',
      audience: ['https://api.example.com'],
    });
    expect(access).toMatchObject({
      sub: 'user-bob',
      aud: 'https://api.example.com',
      client_id: idp.device.clientId,
    });
  });

  it('the IdP revokes the grant when an auth_req_id is used again from another process', async () => {
    const login = await auth.makeCibaRequest({ loginHint: ALICE });
    await idp.approveLogin({ authReqId: login.auth_req_id });
    const tokens = await auth.checkCibaStatus(login.auth_req_id);
    // this instance refuses locally...
    expect((await rejectionOf(auth.checkCibaStatus(login.auth_req_id))).code).toBe('ERR_OAUTH_INVALID_GRANT');
    expect((await auth.tokenIntrospection(tokens.access_token)).active).toBe(true);
    // ...another one reaches oidc-provider, which answers invalid_grant and revokes what it issued
    const other = await backendFor(idp);
    expect((await rejectionOf(other.checkCibaStatus(login.auth_req_id))).code).toBe(
      'ERR_OAUTH_INVALID_GRANT',
    );
    expect((await auth.tokenIntrospection(tokens.access_token)).active).toBe(false);
  });

  it('deny, unknown user, slow_down and expiry each end with their code', async () => {
    const denied = await auth.makeCibaRequest({ loginHint: ALICE });
    await idp.denyLogin({ authReqId: denied.auth_req_id });
    const deniedError = await rejectionOf(auth.waitForCibaTokens(denied));
    expect(deniedError).toBeInstanceOf(OnesOAuthError);
    expect(deniedError.code).toBe('ERR_OAUTH_ACCESS_DENIED');
    expect(deniedError.response).toMatchObject({ status: 400, data: { error: 'access_denied' } });

    const unknown = await rejectionOf(
      auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'mallory' } }),
    );
    expect(unknown.code).toBe('ERR_OAUTH_UNKNOWN_USER_ID');

    const slow = await auth.makeCibaRequest({ loginHint: ALICE });
    idp.slowDownNextPolls({ times: 1 });
    // other token requests pass through untouched (their body is replayed to oidc-provider)
    auth.forgetDeviceAccessToken();
    await expect(auth.makeDeviceAccessToken()).resolves.toMatchObject({ access_token: expect.any(String) });
    expect((await rejectionOf(auth.checkCibaStatus(slow.auth_req_id))).code).toBe('ERR_OAUTH_SLOW_DOWN');
    expect((await rejectionOf(auth.checkCibaStatus(slow.auth_req_id))).code).toBe(
      'ERR_OAUTH_AUTHORIZATION_PENDING',
    );

    const expiring = await auth.makeCibaRequest({ loginHint: ALICE, requestedExpiry: 1 });
    expect(expiring.expires_in).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    expect((await rejectionOf(auth.checkCibaStatus(expiring.auth_req_id))).code).toBe(
      'ERR_OAUTH_EXPIRED_TOKEN',
    );
  });

  it('cancelCibaRequest withdraws a waiting login from the phone; its polls then answer invalid_grant', async () => {
    const discovery = await (await fetch(`${idp.issuer}/.well-known/openid-configuration`)).json();
    expect(discovery.ones_ciba_cancel_endpoint).toBe(`${idp.url}/ciba/cancel`);
    const login = await auth.makeCibaRequest({ loginHint: ALICE });
    expect((await (await fetch(idp.approvalUrl)).text()).includes(login.auth_req_id)).toBe(true);
    await expect(auth.cancelCibaRequest(login.auth_req_id)).resolves.toBe(true);
    expect(idp.pendingLogins().map((pending) => pending.authReqId)).not.toContain(login.auth_req_id);
    expect((await (await fetch(idp.approvalUrl)).text()).includes(login.auth_req_id)).toBe(false);
    expect((await rejectionOf(auth.checkCibaStatus(login.auth_req_id))).code).toBe('ERR_OAUTH_INVALID_GRANT');
    // once withdrawn, or decided, or unknown: nothing to withdraw
    await expect(auth.cancelCibaRequest(login.auth_req_id)).resolves.toBe(false);
    const approved = await auth.makeCibaRequest({ loginHint: ALICE });
    await idp.approveLogin({ authReqId: approved.auth_req_id });
    await expect(auth.cancelCibaRequest(approved.auth_req_id)).resolves.toBe(false);
    await expect(auth.checkCibaStatus(approved.auth_req_id)).resolves.toMatchObject({ token_type: 'Bearer' });
    expect((await rejectionOf(auth.cancelCibaRequest('not an id!'))).code).toBe('ERR_VALIDATION_ARGUMENT');
    // the endpoint takes only this device's access token
    const stranger = await fetch(`${idp.url}/ciba/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer forged' },
      body: JSON.stringify({ auth_req_id: approved.auth_req_id }),
    });
    expect(stranger.status).toBe(401);
  });

  it('after the IdP rotates its keys, validateJwt refetches the JWKS once and accepts old and new tokens', async () => {
    const rotating = await backendFor(idp, { jwksRefetchCooldownSeconds: 1 });
    const before = await approvedLogin(rotating);
    await rotating.validateJwt(before.id_token ?? '', { tokenType: 'id_token' });
    const jwksBefore = idp.requestCounts().jwks ?? 0;
    const kid = await idp.rotateSigningKeys();
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // past the refetch cooldown
    const after = await approvedLogin(rotating, { kind: 'username', value: 'bob' });
    expect(
      JSON.parse(Buffer.from((after.id_token ?? '').split('.')[0] ?? '', 'base64url').toString()).kid,
    ).toBe(kid);
    await expect(
      rotating.validateJwt(after.id_token ?? '', { tokenType: 'id_token' }),
    ).resolves.toMatchObject({ sub: 'user-bob' });
    await expect(
      rotating.validateJwt(before.id_token ?? '', { tokenType: 'id_token' }),
    ).resolves.toMatchObject({ sub: 'user-alice' });
    expect((idp.requestCounts().jwks ?? 0) - jwksBefore).toBe(1);
  });
});

describe('the approval page (the phone)', () => {
  it('shows a pending login with its binding message; posting approve logs the user in', async () => {
    const login = await auth.makeCibaRequest({ loginHint: ALICE, bindingMessage: 'Pay <b>42</b> EUR' });
    const page = await (await fetch(idp.approvalUrl)).text();
    expect(page).toContain('Pay &lt;b&gt;42&lt;/b&gt; EUR'); // escaped, not markup
    expect(page).toContain(`data-auth-req-id="${login.auth_req_id}"`);
    const approve = await fetch(`${idp.url}/approve/ciba/${encodeURIComponent(login.auth_req_id)}/approve`, {
      method: 'POST',
      headers: { origin: idp.url },
      redirect: 'manual',
    });
    expect(approve.status).toBe(303);
    await expect(auth.checkCibaStatus(login.auth_req_id)).resolves.toMatchObject({ token_type: 'Bearer' });
  });

  it('refuses other hosts (DNS rebinding) and cross-origin approvals', async () => {
    const login = await auth.makeCibaRequest({ loginHint: ALICE });
    // what a DNS-rebinding page's request looks like: our address, another site's Host
    const rebound = await new Promise<number>((resolve, reject) => {
      const request = get(idp.approvalUrl, { headers: { host: 'evil.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
    });
    expect(rebound).toBe(421);
    const forged = await fetch(`${idp.url}/approve/ciba/${encodeURIComponent(login.auth_req_id)}/approve`, {
      method: 'POST',
      headers: { origin: 'http://evil.example' },
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    expect(idp.pendingLogins().map((p) => p.authReqId)).toContain(login.auth_req_id);
    await idp.denyLogin({ authReqId: login.auth_req_id });
  });
});
