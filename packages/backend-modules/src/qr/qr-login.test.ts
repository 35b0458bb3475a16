import { OnesHttpError, OnesValidationError } from '@ones.dev/common';
import { describe, expect, it } from 'vitest';
import { decodeJwt, IDP_HOST, rejectionOf, useIdpFixture } from '../../test/support/idp-fixture.js';

const fx = useIdpFixture({ cibaIntervalSeconds: 1 });

/** CIBA logins the IdP created for a QR session (bc-authorize answered 200): each is a prompt on the phone. */
function phonePromptsFor(sessionId: string): number {
  return fx.idp.received.filter(
    (r) =>
      r.endpoint === 'bc-authorize' && r.status === 200 && r.requestObjectClaims?.qr_session_id === sessionId,
  ).length;
}

describe('QR login, end to end', () => {
  it('make → pending → scan → verify links one CIBA login → approve → tokens → validateJwt; the session is gone after', async () => {
    const session = await fx.auth.makeQrAuthSessionIdp({ originIp: '203.0.113.7' });
    expect(session).toEqual({
      sessionId: expect.stringMatching(/^qr-/),
      cbUrl: `${IDP_HOST}/qr-auth/sessions/${session.sessionId}/callback`,
      expIn: 120,
      exp: expect.any(Number),
      interval: 2,
      status: 'pending',
    });
    const [created] = fx.idp.received.filter((r) => r.endpoint === 'qr-session-create');
    expect(created?.json).toEqual({ originIp: '203.0.113.7' });

    expect(await fx.auth.verifyQrAuthSessionIdp(session.sessionId)).toEqual({
      sessionId: session.sessionId,
      exp: session.exp,
      status: 'pending',
    });
    expect(fx.idp.count('bc-authorize')).toBe(0);

    fx.idp.scanQrSession({ username: 'alice' });
    const scanned = await fx.auth.verifyQrAuthSessionIdp({
      sessionId: session.sessionId,
      originIp: '203.0.113.7',
    });
    expect(scanned).toMatchObject({
      status: 'scanned',
      loginHint: { kind: 'sub', value: 'user-alice' },
      authRequestId: expect.stringMatching(/^ciba-/),
      expires_in: 120,
      interval: 1,
    });
    const link = fx.idp.received.find((r) => r.endpoint === 'bc-authorize');
    expect(link?.requestObjectClaims).toMatchObject({
      qr_session_id: session.sessionId,
      login_hint_token: '{"kind":"sub","value":"user-alice"}',
      binding_message: 'Authorize login to Example.com',
    });
    expect(fx.idp.received.filter((r) => r.endpoint === 'qr-session-status').at(-1)?.query).toEqual({
      originIp: '203.0.113.7',
    });

    // the browser now polls the CIBA login; the next status check returns the same login, no new request
    expect(await fx.auth.verifyQrAuthSessionIdp(session.sessionId)).toMatchObject({
      authRequestId: scanned?.authRequestId,
      expires_in: expect.any(Number),
      interval: 1,
    });
    expect(fx.idp.count('bc-authorize')).toBe(1);

    const authRequestId = scanned?.authRequestId ?? '';
    await fx.idp.approveLogin({ authReqId: authRequestId });
    const tokens = await fx.auth.waitForCibaTokens({
      auth_req_id: authRequestId,
      expires_in: 60,
      interval: 1,
    });
    await expect(
      fx.auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' }),
    ).resolves.toMatchObject({ sub: 'user-alice' });
    expect(await fx.auth.verifyQrAuthSessionIdp({ sessionId: session.sessionId })).toBeNull();
    // every call to the extension carried the device access token, obtained once
    expect(fx.idp.count('token')).toBe(2); // client_credentials + the one CIBA poll
  });
});

describe('verifyQrAuthSessionIdp', () => {
  it('{ sessionId } of an unknown or expired session resolves to null, for routes that answer 404', async () => {
    expect(await fx.auth.verifyQrAuthSessionIdp({ sessionId: 'qr-never-made' })).toBeNull();
    const session = await fx.auth.makeQrAuthSessionIdp();
    fx.idp.expireQrSession({ sessionId: session.sessionId });
    expect(await fx.auth.verifyQrAuthSessionIdp({ sessionId: session.sessionId })).toBeNull();
  });

  it("the id alone of an unknown session rejects with a 404 error, so the vendor's destructuring never meets null", async () => {
    const error = await rejectionOf(fx.auth.verifyQrAuthSessionIdp('qr-never-made'));
    expect(error).toBeInstanceOf(OnesHttpError);
    expect(error.code).toBe('ERR_QR_SESSION_NOT_FOUND');
    expect(error.response).toEqual({ status: 404, data: { error: 'not_found' } });
    expect(error.message).toBe(
      'the QR session is unknown, expired or already approved (the IdP answered HTTP 404)',
    );
  });

  it('100 concurrent checks of one scanned session make exactly 1 CIBA request', async () => {
    const session = await fx.auth.makeQrAuthSessionIdp();
    fx.idp.scanQrSession({ username: 'bob' });
    const results = await Promise.all(
      Array.from({ length: 100 }, () => fx.auth.verifyQrAuthSessionIdp(session.sessionId)),
    );
    expect(new Set(results.map((result) => result?.authRequestId)).size).toBe(1);
    expect(fx.idp.count('bc-authorize')).toBe(1);
    expect(phonePromptsFor(session.sessionId)).toBe(1);
    expect(fx.idp.cibaRequest()?.user.sub).toBe('user-bob');
  });

  it('two backend instances racing on one session still prompt the phone once, and agree on the id', async () => {
    const session = await fx.auth.makeQrAuthSessionIdp();
    fx.idp.scanQrSession({ username: 'alice' });
    const other = fx.makeAuth();
    const [mine, theirs] = await Promise.all([
      fx.auth.verifyQrAuthSessionIdp(session.sessionId),
      other.verifyQrAuthSessionIdp(session.sessionId),
    ]);
    expect(mine?.authRequestId).toEqual(expect.stringMatching(/^ciba-/));
    expect(theirs?.authRequestId).toBe(mine?.authRequestId);
    // the one that did not make the request learns the login's expiry and interval too
    expect(theirs).toMatchObject({ expires_in: expect.any(Number), interval: 1 });
    expect(fx.idp.qrSession(session.sessionId)?.authRequestId).toBe(mine?.authRequestId);
    // whether the second one saw the link already or raced to bc-authorize (and got 409), one prompt
    expect(phonePromptsFor(session.sessionId)).toBe(1);
  });

  it('another process that links a linked session gets the existing login from the IdP, not an error', async () => {
    const session = await fx.auth.makeQrAuthSessionIdp();
    fx.idp.scanQrSession({ username: 'alice' });
    const linked = await fx.auth.verifyQrAuthSessionIdp(session.sessionId);
    // what a process that read the session just before the link does next
    const other = fx.makeAuth();
    const answer = await other.makeCibaRequestWithOptionalQrSession({
      loginHint: { kind: 'sub', value: 'user-alice' },
      qrSessionId: session.sessionId,
    });
    expect(answer).toEqual({
      auth_req_id: linked?.authRequestId,
      expires_in: expect.any(Number),
      interval: 1,
    });
    expect(fx.idp.received.filter((r) => r.endpoint === 'bc-authorize').map((r) => r.status)).toEqual([
      200, 409,
    ]);
    expect(phonePromptsFor(session.sessionId)).toBe(1);
    // another user cannot pick up alice's login through the already-linked answer
    const stranger = await rejectionOf(
      other.makeCibaRequestWithOptionalQrSession({
        loginHint: { kind: 'sub', value: 'user-bob' },
        qrSessionId: session.sessionId,
      }),
    );
    expect(stranger.code).toBe('ERR_OAUTH_INVALID_REQUEST');
    // a 409 that does not name the login is an error, not a login
    fx.idp.failNext('bc-authorize', { status: 409, body: { error: 'qr_session_already_linked' } });
    const unnamed = await rejectionOf(
      other.makeCibaRequestWithOptionalQrSession({
        loginHint: { kind: 'sub', value: 'user-alice' },
        qrSessionId: session.sessionId,
      }),
    );
    expect(unnamed.code).toBe('ERR_OAUTH_OTHER');
  });

  it('a session that vanishes between the read and the link is null (404), not an error', async () => {
    await fx.auth.makeDeviceAccessToken();
    const ghost = {
      sessionId: 'qr-ghost',
      exp: Math.floor(Date.now() / 1000) + 60,
      status: 'scanned',
      loginHint: { kind: 'sub', value: 'user-alice' },
    };
    fx.idp.failNext('qr-session-status', { status: 200, body: ghost });
    expect(await fx.auth.verifyQrAuthSessionIdp({ sessionId: 'qr-ghost' })).toBeNull();
    expect(
      fx.idp.received
        .filter((r) => r.endpoint !== 'token' && r.endpoint !== 'discovery')
        .map((r) => `${r.endpoint} ${r.status}`),
    ).toEqual(['qr-session-status 200', 'bc-authorize 400', 'qr-session-status 404']);
  });

  it('retries once with a fresh device token when the IdP answers 401', async () => {
    const session = await fx.auth.makeQrAuthSessionIdp();
    fx.idp.revokeAccessTokens();
    expect(await fx.auth.verifyQrAuthSessionIdp(session.sessionId)).toMatchObject({ status: 'pending' });
    const statusCalls = fx.idp.received.filter((r) => r.endpoint === 'qr-session-status');
    expect(statusCalls).toHaveLength(2);
    expect(fx.idp.count('token')).toBe(2);
    // a second 401 in a row is not retried again
    fx.idp.failNext('qr-session-status', { status: 401, body: { error: 'invalid_token' } });
    fx.idp.failNext('qr-session-status', { status: 401, body: { error: 'invalid_token' } });
    const error = await rejectionOf(fx.auth.verifyQrAuthSessionIdp(session.sessionId));
    expect((error.response as { status: number }).status).toBe(401);
  });

  it('a failed CIBA link is not remembered: the next check tries again', async () => {
    const session = await fx.auth.makeQrAuthSessionIdp();
    fx.idp.scanQrSession({ username: 'alice' });
    fx.idp.failNext('bc-authorize', { status: 500, body: { message: 'upstream down' } });
    const error = await rejectionOf(fx.auth.verifyQrAuthSessionIdp(session.sessionId));
    expect(error).toBeInstanceOf(OnesHttpError);
    expect(error.response).toEqual({ status: 500, data: { message: 'upstream down' } });
    const retried = await fx.auth.verifyQrAuthSessionIdp(session.sessionId);
    expect(retried?.authRequestId).toEqual(expect.stringMatching(/^ciba-/));
    expect(fx.idp.count('bc-authorize')).toBe(2);
  });

  it('refuses a session id or origin that is not acceptable, before any request', async () => {
    for (const bad of ['', 'has space', 'x'.repeat(600), '.', '..']) {
      expect((await rejectionOf(fx.auth.verifyQrAuthSessionIdp(bad))).code).toBe('ERR_VALIDATION_ARGUMENT');
    }
    const error = await rejectionOf(
      fx.auth.verifyQrAuthSessionIdp({ sessionId: 'qr-1', originIp: '203.0.113.7, 10.0.0.1' }),
    );
    expect(error.message).toContain('"originIp" must be one IPv4 or IPv6 address');
    // an IPv6 zone id is free text the phone would show
    const zoned = await rejectionOf(
      fx.auth.verifyQrAuthSessionIdp({ sessionId: 'qr-1', originIp: 'fe80::1%Your-Bank-OFFICIAL' }),
    );
    expect(zoned.code).toBe('ERR_VALIDATION_ARGUMENT');
    expect(fx.idp.received).toEqual([]);
  });
});

describe('makeQrAuthSessionIdp', () => {
  it('refuses an originIp that is not one address', async () => {
    const error = await rejectionOf(fx.auth.makeQrAuthSessionIdp({ originIp: 'evil.example' }));
    expect(error).toBeInstanceOf(OnesValidationError);
    expect(fx.idp.count('qr-session-create')).toBe(0);
  });

  it.each([
    ['a 500', { status: 500, body: { message: 'upstream down' } }, 'ERR_HTTP_STATUS'],
    ['a 400 OAuth error', { status: 400, body: { error: 'invalid_request' } }, 'ERR_OAUTH_INVALID_REQUEST'],
    [
      'a body without cbUrl',
      { status: 200, body: { sessionId: 's', expIn: 60, exp: 1, interval: 2 } },
      'ERR_VALIDATION_RESPONSE',
    ],
    [
      'a cbUrl on another host',
      {
        status: 200,
        body: { sessionId: 's', cbUrl: 'https://evil.example/cb', expIn: 60, exp: 1, interval: 2 },
      },
      'ERR_VALIDATION_RESPONSE',
    ],
  ])('reports %s from the IdP as its code', async (_case, failure, code) => {
    await fx.auth.makeDeviceAccessToken();
    fx.idp.failNext('qr-session-create', failure);
    expect((await rejectionOf(fx.auth.makeQrAuthSessionIdp())).code).toBe(code);
  });

  it('sends no originIp when none is given, with the device token as bearer', async () => {
    await fx.auth.makeQrAuthSessionIdp();
    const [created] = fx.idp.received.filter((r) => r.endpoint === 'qr-session-create');
    expect(created?.json).toEqual({});
    expect(
      decodeJwt(fx.idp.received.find((r) => r.endpoint === 'token')?.form.client_assertion ?? '').payload.iss,
    ).toBe(fx.device.clientId);
  });
});
