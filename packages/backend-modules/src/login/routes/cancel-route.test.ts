import { describe, expect, it } from 'vitest';
import { kitHarness, ORIGIN } from '../../../test/support/kit-harness.js';
import { StubIdp } from '../../../test/support/stub-idp.js';

describe('POST /cancel: the user gave up on a login', () => {
  it('forgets a real and a made-up login alike, withdraws the real one at OnesID, and answers both the same', async () => {
    const harness = kitHarness();
    const browser = harness.browser();
    const answers = [];
    for (const user of ['alice', 'nobody-known']) {
      const id = String((await browser.start(user)).json.auth_req_id);
      const cancelled = await browser.send('/cancel', { authRequestId: id });
      answers.push([cancelled.status, cancelled.json]);
      await harness.clock.advance(2_000);
      const after = await browser.poll(id);
      expect([after.status, after.json.code]).toEqual([404, 'ERR_LOGIN_NOT_FOUND']);
    }
    expect(answers).toEqual([
      [200, { cancelled: true, atOnesId: true }],
      [200, { cancelled: true, atOnesId: true }],
    ]);
    // only the real login reached OnesID; its polls stopped with the cancel
    const real = harness.idp.latest();
    expect(harness.idp.calls.filter((call) => call.method === 'cancelCibaRequest')).toEqual([
      { method: 'cancelCibaRequest', args: [real.id] },
    ]);
    expect(real.status).toBe('withdrawn');
    expect(harness.idp.count('checkCibaStatus')).toBe(0);
  });

  it('at an IdP that cannot withdraw a login, a real and a made-up login both answer atOnesId: false', async () => {
    const harness = kitHarness();
    harness.idp.offersCancel = false;
    const browser = harness.browser();
    const answers = [];
    for (const user of ['alice', 'nobody-known']) {
      const id = String((await browser.start(user)).json.auth_req_id);
      answers.push((await browser.send('/cancel', { authRequestId: id })).json);
    }
    expect(answers).toEqual([
      { cancelled: true, atOnesId: false },
      { cancelled: true, atOnesId: false },
    ]);
    expect(harness.idp.latest().status).toBe('pending');
  });

  it('when OnesID fails to withdraw it, the login is forgotten all the same and the log says why', async () => {
    const harness = kitHarness();
    harness.idp.failWith('cancelCibaRequest', StubIdp.unreachable());
    const browser = harness.browser();
    const id = String((await browser.start('alice')).json.auth_req_id);
    const cancelled = await browser.send('/cancel', { authRequestId: id });
    expect([cancelled.status, cancelled.json]).toEqual([200, { cancelled: true, atOnesId: false }]);
    expect(harness.logs.filter((event) => event.code === 'LOGIN_CANCEL_FAILED')).toEqual([
      {
        level: 'warn',
        code: 'LOGIN_CANCEL_FAILED',
        message: expect.stringContaining('(ERR_HTTP_NETWORK)'),
      },
    ]);
    expect(JSON.stringify(harness.logs)).not.toContain(id);
    await harness.clock.advance(2_000);
    expect((await browser.poll(id)).status).toBe(404);
  });

  it('a QR code not scanned yet is on no phone: forgotten, and OnesID is not asked', async () => {
    const harness = kitHarness();
    const stub = harness.idp as unknown as { makeQrAuthSessionIdp: () => Promise<unknown> };
    stub.makeQrAuthSessionIdp = async () => {
      return {
        sessionId: 'qr-session-0001',
        cbUrl: 'https://id.example/cb',
        expIn: 60,
        exp: 2e9,
        interval: 2,
      };
    };
    const browser = harness.browser();
    const made = await browser.send('/qr/make', {});
    const sessionId = String(made.json.sessionId);
    const cancelled = await browser.send('/cancel', { sessionId });
    expect([cancelled.status, cancelled.json]).toEqual([200, { cancelled: true, atOnesId: false }]);
    expect(harness.idp.count('cancelCibaRequest')).toBe(0);
    const after = await browser.send('/qr/status', { sessionId });
    expect([after.status, after.json.code]).toEqual([404, 'ERR_LOGIN_NOT_FOUND']);
  });

  it("another browser's login is a 404, and that login goes on", async () => {
    const harness = kitHarness();
    const victim = harness.browser('203.0.113.10');
    const attacker = harness.browser('198.51.100.66');
    const id = String((await victim.start('alice')).json.auth_req_id);
    await attacker.start('mallory'); // a cookie of its own
    const refused = await attacker.send('/cancel', { authRequestId: id });
    expect([refused.status, refused.json.code]).toEqual([404, 'ERR_LOGIN_NOT_FOUND']);
    await harness.clock.advance(2_000);
    expect((await victim.poll(id)).status).toBe(202);
  });

  it.each([
    ['neither id', {}],
    ['both ids', { authRequestId: 'a', sessionId: 'b' }],
    ['an id that is no wire id', { authRequestId: 'x'.repeat(600) }],
    ['an id of the wrong type', { sessionId: 42 }],
  ])('%s is a 400', async (_name, body) => {
    const harness = kitHarness();
    const answer = await harness.browser().send('/cancel', body);
    expect([answer.status, answer.json.code]).toEqual([400, 'ERR_LOGIN_BODY_INVALID']);
  });

  it('a cross-site form post or a foreign origin is refused before anything is forgotten', async () => {
    const harness = kitHarness();
    const browser = harness.browser();
    const id = String((await browser.start('alice')).json.auth_req_id);
    for (const headers of [
      { origin: 'https://evil.example', 'content-type': 'application/json' },
      { origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
    ]) {
      const request = new Request(`${ORIGIN}/api/auth/cancel`, {
        method: 'POST',
        headers: { ...headers, cookie: browser.cookieHeader() },
        body: JSON.stringify({ authRequestId: id }),
      });
      const answer = await harness.login.fetch(request, { clientAddress: browser.address });
      expect([403, 415]).toContain(answer?.status);
    }
    await harness.clock.advance(2_000);
    expect((await browser.poll(id)).status).toBe(202);
  });
});
