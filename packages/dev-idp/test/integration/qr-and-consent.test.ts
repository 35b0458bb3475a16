import type { DeviceAuthentication } from '@ones.dev/backend-modules';
import { PERSONAL_DATA_CONSENT_PROPERTIES } from '@ones.dev/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../src/index.js';
import { backendFor, rejectionOf, startTestIdp } from './dev-idp-fixture.js';

let idp: DevIdp;
let auth: DeviceAuthentication;

beforeAll(async () => {
  idp = await startTestIdp();
  auth = await backendFor(idp);
});
afterAll(() => idp.stop());

describe('QR login against dev-idp', () => {
  it('make → scan → verify links one CIBA login, even for two racing backends → approve → tokens; the session is gone', async () => {
    const session = await auth.makeQrAuthSessionIdp({ originIp: '198.51.100.23' });
    expect(session.cbUrl).toBe(`${idp.url}/qr-auth/sessions/${session.sessionId}/callback`);
    expect(await auth.verifyQrAuthSessionIdp(session.sessionId)).toMatchObject({ status: 'pending' });
    expect(idp.qrSessions().find((s) => s.sessionId === session.sessionId)?.originIp).toBe('198.51.100.23');

    // the phone app posts its user to cbUrl
    const scan = await fetch(session.cbUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ loginHint: { kind: 'username', value: 'alice' } }),
    });
    expect(scan.status).toBe(200);

    const other = await backendFor(idp);
    const checks = await Promise.all([
      ...Array.from({ length: 10 }, () => auth.verifyQrAuthSessionIdp(session.sessionId)),
      ...Array.from({ length: 10 }, () => other.verifyQrAuthSessionIdp(session.sessionId)),
    ]);
    const ids = new Set(checks.map((check) => check?.authRequestId));
    expect(ids.size).toBe(1);
    const [authRequestId] = [...ids];
    const prompts = idp.pendingLogins().filter((login) => login.qrSessionId === session.sessionId);
    expect(prompts).toHaveLength(1); // one prompt on the phone
    expect(prompts[0]?.user.username).toBe('alice');

    await idp.approveLogin({ authReqId: authRequestId });
    const tokens = await auth.waitForCibaTokens({
      auth_req_id: authRequestId ?? '',
      expires_in: 60,
      interval: 1,
    });
    await expect(auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' })).resolves.toMatchObject({
      sub: 'user-alice',
    });
    expect(await auth.verifyQrAuthSessionIdp({ sessionId: session.sessionId })).toBeNull();
    expect((await rejectionOf(auth.verifyQrAuthSessionIdp(session.sessionId))).code).toBe(
      'ERR_QR_SESSION_NOT_FOUND',
    );
  });
});

describe('consent against dev-idp', () => {
  it('login → validateJwt → sub → consent request → the user releases → the values arrive', async () => {
    const login = await auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
    await idp.approveLogin({ authReqId: login.auth_req_id });
    const tokens = await auth.waitForCibaTokens(login);
    const { sub } = await auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' });
    const { EMAIL, DATE_OF_BIRTH } = PERSONAL_DATA_CONSENT_PROPERTIES;
    const request = await auth.makeConsentRequest(
      sub ?? '',
      'https://shop.example',
      [{ name: EMAIL }, { name: DATE_OF_BIRTH }],
      'To open your account',
    );
    expect(idp.consentRequests().find((c) => c.id === request.id)).toMatchObject({
      subject: { sub: 'user-alice' },
      reason: 'To open your account',
    });
    setTimeout(() => idp.approveConsent({ id: request.id }), 1_200);
    const decision = await auth.waitForConsentDecision(request.id, { intervalSeconds: 1 });
    expect(decision).toEqual({
      id: request.id,
      status: 'approved',
      content: [
        { name: EMAIL, value: 'alice@example.com' },
        { name: DATE_OF_BIRTH, value: '1990-04-01' },
      ],
    });
    const refused = await auth.makeConsentRequest('user-bob', 'shop', [{ name: EMAIL }], 'Newsletter');
    idp.denyConsent({ id: refused.id });
    expect(await auth.checkConsentStatus(refused.id)).toEqual({
      id: refused.id,
      status: 'denied',
      content: [{ name: EMAIL }],
    });
  });
});
