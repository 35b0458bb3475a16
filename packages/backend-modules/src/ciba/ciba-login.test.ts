import { OnesOAuthError, OnesTimeoutError, type PollEvent } from '@ones.dev/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { underFakeClock } from '../../test/support/fake-clock.js';
import { decodeJwt, IDP_HOST, rejectionOf, useIdpFixture } from '../../test/support/idp-fixture.js';

const fx = useIdpFixture();
const ALICE = { kind: 'username', value: 'alice' } as const;

/** Milliseconds from `start` to each CIBA poll the IdP received. */
function pollTimes(start: number): number[] {
  return fx.idp.received
    .filter((r) => r.endpoint === 'token' && r.form.grant_type?.includes('ciba'))
    .map((r) => r.at - start);
}

describe('makeCibaRequest', () => {
  it('puts every parameter in a signed request object the IdP verifies', async () => {
    const login = await fx.auth.makeCibaRequest({
      loginHint: ALICE,
      requestedExpiry: 90,
      resources: ['https://api.example.com'],
    });
    expect(login).toEqual({ auth_req_id: expect.stringMatching(/^ciba-/), expires_in: 90, interval: 2 });
    const [request] = fx.idp.received.filter((r) => r.endpoint === 'bc-authorize');
    expect(Object.keys(request?.form ?? {}).sort()).toEqual([
      'client_assertion',
      'client_assertion_type',
      'client_id',
      'request',
    ]);
    expect(request?.form.client_id).toBe(fx.device.clientId);
    const claims = request?.requestObjectClaims ?? {};
    expect(claims).toMatchObject({
      iss: fx.device.clientId,
      aud: `${IDP_HOST}/oidc`,
      scope: 'openid profile',
      binding_message: 'Authorize login to Example.com',
      login_hint_token: '{"kind":"username","value":"alice"}',
      requested_expiry: 90,
      resource: 'https://api.example.com',
    });
    for (const claim of ['iat', 'nbf', 'exp', 'jti']) expect(claims).toHaveProperty(claim);
    expect(decodeJwt(request?.form.request ?? '').header.alg).toBe('ES256');
    expect(fx.idp.cibaRequest()?.user.sub).toBe('user-alice');
  });

  it('ping mode: the client_notification_token goes inside the signed request object, not beside it', async () => {
    const clientNotificationToken = 'n0tIf1cat10n-t0ken_0123456789abcdef';
    await fx.auth.makeCibaRequest({ loginHint: ALICE, clientNotificationToken });
    const [request] = fx.idp.received.filter((r) => r.endpoint === 'bc-authorize');
    expect(request?.requestObjectClaims).toMatchObject({
      client_notification_token: clientNotificationToken,
    });
    expect(request?.form).not.toHaveProperty('client_notification_token');
  });

  it('reports an unknown user as ERR_OAUTH_UNKNOWN_USER_ID', async () => {
    const error = await rejectionOf(
      fx.auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'mallory' } }),
    );
    expect(error).toBeInstanceOf(OnesOAuthError);
    expect(error.code).toBe('ERR_OAUTH_UNKNOWN_USER_ID');
  });
});

describe('checkCibaStatus', () => {
  it('while pending, rejects the way the vendor examples expect: response.status 400, data.error authorization_pending', async () => {
    const login = await fx.auth.makeCibaRequest({ loginHint: ALICE });
    const error = await rejectionOf(fx.auth.checkCibaStatus(login.auth_req_id));
    expect(error.code).toBe('ERR_OAUTH_AUTHORIZATION_PENDING');
    expect(error.response).toEqual({ status: 400, data: { error: 'authorization_pending' } });
    const poll = fx.idp.received.filter((r) => r.endpoint === 'token').at(-1);
    expect(poll?.form).toMatchObject({
      grant_type: 'urn:openid:params:grant-type:ciba',
      auth_req_id: login.auth_req_id,
    });
  });

  it.each([
    ['denyLogin', 'ERR_OAUTH_ACCESS_DENIED'],
    ['expireLogin', 'ERR_OAUTH_EXPIRED_TOKEN'],
  ] as const)('after the IdP is told to %s, rejects with %s', async (action, code) => {
    const login = await fx.auth.makeCibaRequest({ loginHint: ALICE });
    await fx.idp[action]({ authReqId: login.auth_req_id });
    expect((await rejectionOf(fx.auth.checkCibaStatus(login.auth_req_id))).code).toBe(code);
  });

  it('an auth_req_id is single-use: the instance refuses to ask again after the tokens, so they stay valid', async () => {
    const login = await fx.auth.makeCibaRequest({ loginHint: ALICE });
    await fx.idp.approveLogin();
    const tokens = await fx.auth.checkCibaStatus(login.auth_req_id);
    expect(tokens).toMatchObject({
      token_type: 'Bearer',
      id_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    const polls = fx.idp.count('token');
    const again = await rejectionOf(fx.auth.checkCibaStatus(login.auth_req_id));
    expect(again).toBeInstanceOf(OnesOAuthError);
    expect(again.code).toBe('ERR_OAUTH_INVALID_GRANT');
    expect(again.response).toEqual({ status: 400, data: { error: 'invalid_grant' } });
    expect(fx.idp.count('token')).toBe(polls);
    await expect(fx.auth.tokenIntrospection(tokens.access_token)).resolves.toMatchObject({ active: true });
    // another instance (another process) cannot know: the IdP then revokes the grant, as CIBA says
    const elsewhere = fx.makeAuth();
    expect((await rejectionOf(elsewhere.checkCibaStatus(login.auth_req_id))).code).toBe(
      'ERR_OAUTH_INVALID_GRANT',
    );
    await expect(fx.auth.tokenIntrospection(tokens.access_token)).resolves.toEqual({ active: false });
  });

  it('concurrent checks of one id share one request to the IdP', async () => {
    const login = await fx.auth.makeCibaRequest({ loginHint: ALICE });
    await fx.idp.approveLogin();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => fx.auth.checkCibaStatus(login.auth_req_id)),
    );
    expect(new Set(results.map((tokens) => tokens.access_token)).size).toBe(1);
    expect(pollTimes(0)).toHaveLength(1);
  });

  it('a caller that aborts stops waiting at once; the shared poll goes on for the others', async () => {
    const login = await fx.auth.makeCibaRequest({ loginHint: ALICE });
    fx.idp.failNext('token', { delayMs: 300, status: 400, body: { error: 'authorization_pending' } });
    const controller = new AbortController();
    const impatient = fx.auth.checkCibaStatus(login.auth_req_id, { signal: controller.signal });
    const patient = fx.auth.checkCibaStatus(login.auth_req_id);
    setTimeout(() => controller.abort(), 20);
    expect((await rejectionOf(impatient)).code).toBe('ERR_ABORTED');
    expect((await rejectionOf(patient)).code).toBe('ERR_OAUTH_AUTHORIZATION_PENDING');
    expect(pollTimes(0)).toHaveLength(1);
  });

  it('refuses bad parameters before signing or sending anything, naming them', async () => {
    const cases: Array<[Parameters<typeof fx.auth.makeCibaRequest>[0], string]> = [
      [{ loginHint: { kind: 'nickname' as 'username', value: 'alice' } }, '"loginHint"'],
      [{ loginHint: { kind: 'username', value: '' } }, '"loginHint"'],
      [{ loginHint: ALICE, requestedExpiry: 0 }, '"requestedExpiry"'],
      [{ loginHint: ALICE, requestedExpiry: Number.NaN }, '"requestedExpiry"'],
      [{ loginHint: ALICE, bindingMessage: 'line one\nline two' }, '"bindingMessage"'],
      [{ loginHint: ALICE, scope: 'profile' }, '"scope"'],
      [{ loginHint: ALICE, resources: ['not a url'] }, '"resources[0]"'],
    ];
    for (const [parameters, named] of cases) {
      const error = await rejectionOf(fx.auth.makeCibaRequest(parameters));
      expect(error.code, named).toBe('ERR_VALIDATION_ARGUMENT');
      expect(error.message).toContain(named);
    }
    expect(fx.signer.received).toHaveLength(0);
    expect(fx.idp.count('bc-authorize')).toBe(0);
  });
});

describe('cancelCibaRequest', () => {
  it('at an IdP whose discovery advertises no cancel endpoint: false, and nothing is sent', async () => {
    const sent: string[] = [];
    const auth = fx.makeAuth({
      fetch: (input, init) => {
        sent.push(new Request(input, init).url);
        return fetch(input, init);
      },
    });
    const login = await auth.makeCibaRequest({ loginHint: { value: 'alice' } });
    const before = sent.length;
    await expect(auth.cancelCibaRequest(login.auth_req_id)).resolves.toBe(false);
    expect(sent.slice(before)).toEqual([]);
    await expect(auth.checkCibaStatus(login.auth_req_id)).rejects.toMatchObject({
      code: 'ERR_OAUTH_AUTHORIZATION_PENDING',
    });
  });
});

describe('waitForCibaTokens', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls every interval until approval, once at a time, never after success, then validates the ID token', async () => {
    const login = await fx.auth.makeCibaRequest({ loginHint: ALICE });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const start = Date.now();
    const events: PollEvent[] = [];
    const tokens = await underFakeClock(2, (wake) =>
      fx.auth.waitForCibaTokens(login, {
        onPoll: (event) => {
          events.push(event);
          if (event.attempt === 2) void fx.idp.approveLogin({ authReqId: login.auth_req_id });
          wake(event);
        },
      }),
    );
    expect(pollTimes(start)).toEqual([2000, 4000, 6000]);
    expect(
      events.map(({ attempt, outcome, nextPollInSeconds }) => ({ attempt, outcome, nextPollInSeconds })),
    ).toEqual([
      { attempt: 1, outcome: 'pending', nextPollInSeconds: 2 },
      { attempt: 2, outcome: 'pending', nextPollInSeconds: 2 },
    ]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pollTimes(start)).toHaveLength(3);
    vi.useRealTimers();
    const claims = await fx.auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' });
    expect(claims).toMatchObject({ sub: 'user-alice', aud: fx.device.clientId, iss: `${IDP_HOST}/oidc` });
  });

  it('slow_down adds 5 seconds to the interval, for good', async () => {
    const login = await fx.auth.makeCibaRequest({ loginHint: ALICE });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const start = Date.now();
    fx.idp.slowDownNextPolls({ times: 1 });
    const outcomes: string[] = [];
    await underFakeClock(2, (wake) =>
      fx.auth.waitForCibaTokens(login, {
        onPoll: (event) => {
          outcomes.push(event.outcome);
          if (event.attempt === 2) void fx.idp.approveLogin({ authReqId: login.auth_req_id });
          wake(event);
        },
      }),
    );
    // 2 s, slow_down → 7 s between polls from then on
    expect(pollTimes(start)).toEqual([2000, 9000, 16000]);
    expect(outcomes).toEqual(['slow_down', 'pending']);
  });

  it('ends with the denial, with the IdP expiry, and with ERR_TIMEOUT_POLLING at its own deadline', async () => {
    const denied = await fx.auth.makeCibaRequest({ loginHint: ALICE });
    const expiring = await fx.auth.makeCibaRequest({
      loginHint: { kind: 'email', value: 'bob@example.com' },
      requestedExpiry: 10,
    });
    const ignored = await fx.auth.makeCibaRequest({ loginHint: { kind: 'phone', value: '+15550101' } });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    await fx.idp.denyLogin({ authReqId: denied.auth_req_id });
    const deniedError = await rejectionOf(
      underFakeClock(2, (onPoll) => fx.auth.waitForCibaTokens(denied, { onPoll })),
    );
    expect(deniedError).toBeInstanceOf(OnesOAuthError);
    expect(deniedError.code).toBe('ERR_OAUTH_ACCESS_DENIED');
    // the IdP's clock for this login started first, so its expired_token arrives before the client's deadline
    const expired = await rejectionOf(
      underFakeClock(2, (onPoll) => fx.auth.waitForCibaTokens(expiring, { onPoll })),
    );
    expect(expired.code).toBe('ERR_OAUTH_EXPIRED_TOKEN');
    const before = pollTimes(0).length;
    const timedOut = await rejectionOf(
      underFakeClock(2, (onPoll) => fx.auth.waitForCibaTokens({ ...ignored, expires_in: 5 }, { onPoll })),
    );
    expect(timedOut).toBeInstanceOf(OnesTimeoutError);
    expect(timedOut.code).toBe('ERR_TIMEOUT_POLLING');
    expect(pollTimes(0).length - before).toBe(2); // at 2 s and 4 s; none after the deadline
  });

  it('a busy IdP (503 with Retry-After, whatever the body) is waited out, not fatal', async () => {
    const login = await fx.auth.makeCibaRequest({ loginHint: ALICE });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const start = Date.now();
    fx.idp.failNext('token', {
      status: 503,
      headers: { 'retry-after': '7' },
      body: { error: 'temporarily_unavailable' },
    });
    const events: PollEvent[] = [];
    const tokens = await underFakeClock(2, (wake) =>
      fx.auth.waitForCibaTokens(login, {
        onPoll: (event) => {
          events.push(event);
          void fx.idp.approveLogin({ authReqId: login.auth_req_id });
          wake(event);
        },
      }),
    );
    expect(pollTimes(start)).toEqual([2000, 9000]);
    expect(events.map(({ outcome, nextPollInSeconds }) => ({ outcome, nextPollInSeconds }))).toEqual([
      { outcome: 'retry_after', nextPollInSeconds: 7 },
    ]);
    expect(tokens.access_token).toEqual(expect.any(String));
  });

  it('Retry-After given as an HTTP date is waited out too', async () => {
    const login = await fx.auth.makeCibaRequest({ loginHint: ALICE });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const start = Date.now();
    // the IdP names a whole second 9 to 10 s after its answer at 2 s (HTTP dates have no milliseconds)
    const at = new Date(Math.ceil((start + 2000) / 1000) * 1000 + 9000).toUTCString();
    fx.idp.failNext('token', { status: 429, headers: { 'retry-after': at }, body: { error: 'slow' } });
    const events: PollEvent[] = [];
    await underFakeClock(2, (wake) =>
      fx.auth.waitForCibaTokens(login, {
        onPoll: (event) => {
          events.push(event);
          void fx.idp.approveLogin({ authReqId: login.auth_req_id });
          wake(event);
        },
      }),
    );
    expect(events.map(({ outcome }) => outcome)).toEqual(['retry_after']);
    const [waited] = events.map(({ nextPollInSeconds }) => nextPollInSeconds);
    expect(waited).toBeGreaterThanOrEqual(9);
    expect(waited).toBeLessThanOrEqual(10);
  });

  it('aborting while a poll is in flight ends the wait at once', async () => {
    await fx.useDevice({ cibaIntervalSeconds: 1 });
    const login = await fx.auth.makeCibaRequest({ loginHint: ALICE });
    fx.idp.failNext('token', { delayMs: 5_000, status: 400, body: { error: 'authorization_pending' } });
    const controller = new AbortController();
    const started = Date.now();
    const waiting = fx.auth.waitForCibaTokens(login, { signal: controller.signal });
    setTimeout(() => controller.abort(), 1_300); // the first poll left at 1 s and hangs
    const error = await rejectionOf(waiting);
    expect(error.code).toBe('ERR_ABORTED');
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(pollTimes(0)).toHaveLength(1);
  });

  it('stops at once when the signal aborts, without another poll', async () => {
    const login = await fx.auth.makeCibaRequest({ loginHint: ALICE });
    const controller = new AbortController();
    const waiting = fx.auth.waitForCibaTokens(login, { signal: controller.signal });
    controller.abort();
    const error = await rejectionOf(waiting);
    expect(error.code).toBe('ERR_ABORTED');
    expect(pollTimes(0)).toEqual([]);
  });
});
