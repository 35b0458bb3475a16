import { createDeviceIdentitySigningFunction, DeviceAuthentication } from '@ones.dev/backend-modules';
import { AuthJwtProperties } from '@ones.dev/common';
import type { IdpScenarioControls } from '@ones.dev/idp-model';
import { createFakeDeviceSigner, createFakeOnesIdp, createTestDevice } from '@ones.dev/testing';
import { decodeProtectedHeader } from 'jose';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendFor, rejectionOf, startTestIdp } from './dev-idp-fixture.js';

/** One OnesID stand-in, seen the way these scenarios drive it. */
interface StandIn {
  readonly host: string;
  readonly auth: DeviceAuthentication;
  readonly controls: IdpScenarioControls;
  stop(): Promise<void>;
}

async function startDevIdpStandIn(): Promise<StandIn> {
  const idp = await startTestIdp();
  return {
    host: idp.url,
    auth: await backendFor(idp, { jwksRefetchCooldownSeconds: 0 }),
    controls: idp,
    stop: () => idp.stop(),
  };
}

async function startFakeStandIn(): Promise<StandIn> {
  const device = await createTestDevice({ keyType: 'ECC:p256' });
  const idp = createFakeOnesIdp({ host: 'https://id.example', device });
  const signer = createFakeDeviceSigner({ device });
  const server = setupServer(...idp.handlers, ...signer.handlers);
  server.listen({ onUnhandledFrame: 'error' });
  const auth = new DeviceAuthentication({
    name: 'same-as-fake',
    idpBaseUrl: 'https://id.example',
    deviceId: device.deviceId,
    deviceClientId: device.clientId,
    deviceKeyType: device.keyType,
    jwksRefetchCooldownSeconds: 0,
    functions: { signingFunction: createDeviceIdentitySigningFunction() },
    deviceIdentityUrl: signer.url,
    authJwtProperties: new AuthJwtProperties({
      scope: 'openid profile email offline_access',
      bindingMessage: 'Authorize login to Example.com',
    }),
  });
  return { host: 'https://id.example', auth, controls: idp, stop: async () => server.close() };
}

const ALICE = { kind: 'username', value: 'alice' } as const;

// The same scenarios, the same expectations, against both stand-ins: what a test proves on the MSW
// fake holds against the real provider. Each difference the review found is one of these.
describe.each([
  ['dev-idp', startDevIdpStandIn],
  ['the MSW fake', startFakeStandIn],
])('%s and the other stand-in answer alike', (_name, start) => {
  let standIn: StandIn;
  beforeAll(async () => {
    standIn = await start();
  });
  afterAll(() => standIn.stop());

  it('a consent reason of 500 characters is taken, 501 refused with 400 invalid_request', async () => {
    const { access_token } = await standIn.auth.makeDeviceAccessToken();
    const post = (reason: string) =>
      fetch(`${standIn.host}/consent/requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          subject: 'user-alice',
          resource: 'shop',
          content: [{ name: 'email' }],
          reason,
        }),
      });
    expect((await post('r'.repeat(500))).status).toBe(200);
    const refused = await post('r'.repeat(501));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('scanQrSession({ username }) scans the latest session; approveLogin() approves its login; the session is then gone', async () => {
    const session = await standIn.auth.makeQrAuthSessionIdp({});
    standIn.controls.scanQrSession({ username: 'bob' });
    expect(() => standIn.controls.scanQrSession({ username: 'alice', sessionId: session.sessionId })).toThrow(
      /already_scanned/,
    );
    const linked = await standIn.auth.verifyQrAuthSessionIdp(session.sessionId);
    // a scan names the user by sub, whatever the phone app was logged in with
    expect(linked).toMatchObject({ status: 'scanned', loginHint: { kind: 'sub', value: 'user-bob' } });
    await standIn.controls.approveLogin();
    const tokens = await standIn.auth.checkCibaStatus(linked.authRequestId ?? '');
    const claims = await standIn.auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' });
    expect(claims.sub).toBe('user-bob');
    expect((await rejectionOf(standIn.auth.verifyQrAuthSessionIdp(session.sessionId))).code).toBe(
      'ERR_QR_SESSION_NOT_FOUND',
    );
  });

  it('expireQrSession() ends the latest session: its status is 404', async () => {
    const session = await standIn.auth.makeQrAuthSessionIdp({});
    standIn.controls.expireQrSession();
    expect((await rejectionOf(standIn.auth.verifyQrAuthSessionIdp(session.sessionId))).code).toBe(
      'ERR_QR_SESSION_NOT_FOUND',
    );
  });

  // (jwksRefetchCooldownSeconds 0: an SDK otherwise waits 30 s after a JWKS fetch before it looks for a new kid)
  it('after rotateSigningKeys a token signed before still validates; new tokens carry the new kid', async () => {
    const login = async () => {
      const request = await standIn.auth.makeCibaRequest({ loginHint: ALICE });
      await standIn.controls.approveLogin({ authReqId: request.auth_req_id });
      return (await standIn.auth.checkCibaStatus(request.auth_req_id)).id_token ?? '';
    };
    const before = await login();
    await standIn.auth.validateJwt(before, { tokenType: 'id_token' });
    const kid = await standIn.controls.rotateSigningKeys();
    const after = await login();
    expect(decodeProtectedHeader(after).kid).toBe(kid);
    expect(decodeProtectedHeader(before).kid).not.toBe(kid);
    await expect(standIn.auth.validateJwt(before, { tokenType: 'id_token' })).resolves.toMatchObject({
      sub: 'user-alice',
    });
    await expect(standIn.auth.validateJwt(after, { tokenType: 'id_token' })).resolves.toMatchObject({
      sub: 'user-alice',
    });
  });

  it('consent controls default to the latest request: approve with values, deny, expire', async () => {
    const ask = () => standIn.auth.makeConsentRequest('user-alice', 'shop', [{ name: 'email' }], 'Receipts');
    const approved = await ask();
    standIn.controls.approveConsent({ values: { email: 'other@example.com' } });
    expect(await standIn.auth.checkConsentStatus(approved.id)).toEqual({
      id: approved.id,
      status: 'approved',
      content: [{ name: 'email', value: 'other@example.com' }],
    });
    expect(() => standIn.controls.denyConsent({ id: approved.id })).toThrow(/already approved/);
    const denied = await ask();
    standIn.controls.denyConsent();
    expect(await standIn.auth.checkConsentStatus(denied.id)).toMatchObject({ status: 'denied' });
    const expired = await ask();
    standIn.controls.expireConsent();
    expect(await standIn.auth.checkConsentStatus(expired.id)).toMatchObject({ status: 'expired' });
  });

  it('a control naming what does not exist throws an Error that says so', async () => {
    expect(() => standIn.controls.scanQrSession({ username: 'alice', sessionId: 'no-such-session' })).toThrow(
      'no live QR session no-such-session to scan',
    );
    await standIn.auth.makeQrAuthSessionIdp({});
    expect(() => standIn.controls.scanQrSession({ username: 'mallory' })).toThrow('no user mallory');
    expect(() => standIn.controls.approveConsent({ id: 'consent-unknown' })).toThrow(
      'no consent request consent-unknown',
    );
    await expect(standIn.controls.approveLogin({ authReqId: 'unknown-login' })).rejects.toThrow(
      /unknown-login/,
    );
  });
});
