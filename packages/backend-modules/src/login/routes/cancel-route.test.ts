import { describe, expect, it } from 'vitest';
import { kitHarness, ORIGIN } from '../../../test/support/kit-harness.js';

describe('POST /cancel: the user gave up on a login', () => {
  it('forgets a real and a made-up login alike: same answer, then 404, and OnesID is never asked', async () => {
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
      [200, { cancelled: true, atOnesId: false }],
      [200, { cancelled: true, atOnesId: false }],
    ]);
    expect(harness.idp.count('checkCibaStatus')).toBe(0);
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
