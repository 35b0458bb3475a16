import { oauthErrorFromResponse } from '@ones.dev/common/internal';
import { describe, expect, it } from 'vitest';
import { kitHarness } from '../../../test/support/kit-harness.js';
import { StubIdp } from '../../../test/support/stub-idp.js';

/** An answer's fields, strings by their length: what an observer can compare. */
const shape = (json: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(json).map(([key, value]) => [
      key,
      typeof value === 'string' ? `string(${value.length})` : value,
    ]),
  );

describe('a made-up login (a user the IdP does not know)', () => {
  it('answers like a real one from the very first request, though the IdP announces another interval', async () => {
    const harness = kitHarness();
    harness.idp.interval = 5;
    const madeUp = await harness.browser('192.0.2.1').start('nobody-known');
    const real = await harness.browser('192.0.2.2').start('alice');
    expect([madeUp.status, real.status]).toEqual([200, 200]);
    expect(shape(madeUp.json)).toEqual(shape(real.json));
    expect(real.json).toMatchObject({ interval: 2, expires_in: 120 });
    // the IdP was asked for the expiry the kit announces
    expect(harness.idp.calls[0]?.args[0]).toMatchObject({ requestedExpiry: 120 });
  });

  it('its polls never reach the IdP, pending until it expires; a real one asks at each poll', async () => {
    const harness = kitHarness();
    const browser = harness.browser();
    const madeUp = String((await browser.start('nobody-known')).json.auth_req_id);
    const real = String((await browser.start('alice')).json.auth_req_id);
    const answers = [];
    for (let poll = 0; poll < 3; poll += 1) {
      await harness.clock.advance(2_000);
      answers.push((await browser.poll(madeUp)).json, (await browser.poll(real)).json);
    }
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set(['pending']));
    expect(harness.idp.count('checkCibaStatus')).toBe(3);
    await harness.clock.advance(120_000);
    expect((await browser.poll(madeUp)).json).toEqual({ error: 'expired_token' });
    expect(harness.idp.count('checkCibaStatus')).toBe(3);
    expect((await browser.poll(madeUp)).status).toBe(404); // gone from the cookie
  });

  it('both are answered slow_down when polled sooner than the interval, and the IdP is spared', async () => {
    const harness = kitHarness();
    const browser = harness.browser();
    const ids = [
      String((await browser.start('nobody-known')).json.auth_req_id),
      String((await browser.start('alice')).json.auth_req_id),
    ];
    for (const id of ids) {
      await harness.clock.advance(2_000);
      expect((await browser.poll(id)).json).toEqual({ status: 'pending' });
      await harness.clock.advance(1_500);
      expect((await browser.poll(id)).json).toEqual({ status: 'slow_down' });
      await harness.clock.advance(100);
      expect((await browser.poll(id)).json).toEqual({ status: 'pending' });
    }
    expect(harness.idp.count('checkCibaStatus')).toBe(2);
  });
});

describe('a real login', () => {
  it("the IdP's slow_down never reaches the browser: it is the kit's to keep to", async () => {
    const harness = kitHarness();
    const browser = harness.browser();
    const id = String((await browser.start('alice')).json.auth_req_id);
    harness.idp.failWith(
      'checkCibaStatus',
      oauthErrorFromResponse({ status: 400, data: { status: 'slow_down' } }) as Error,
    );
    await harness.clock.advance(2_000);
    expect((await browser.poll(id)).json).toEqual({ status: 'pending' });
  });

  it("keeps to the IdP's own interval when it is longer than the browser's", async () => {
    const harness = kitHarness();
    harness.idp.interval = 5;
    const browser = harness.browser();
    const id = String((await browser.start('alice')).json.auth_req_id);
    const asked: number[] = [];
    for (let second = 2; second <= 12; second += 2) {
      await harness.clock.advance(2_000);
      expect((await browser.poll(id)).json).toEqual({ status: 'pending' });
      asked.push(harness.idp.count('checkCibaStatus'));
    }
    // at 2 and 4 s the IdP's first interval has not passed; then at most once per 5 s
    expect(asked).toEqual([0, 0, 1, 1, 1, 2]);
  });

  it('a denial ends the login: 400 access_denied, and the id leaves the cookie', async () => {
    const harness = kitHarness();
    const browser = harness.browser();
    const id = String((await browser.start('alice')).json.auth_req_id);
    harness.idp.deny(id);
    await harness.clock.advance(2_000);
    expect((await browser.poll(id)).json).toEqual({ error: 'access_denied' });
    await harness.clock.advance(2_000);
    expect((await browser.poll(id)).status).toBe(404);
  });

  it('an IdP that cannot be reached: 502 with a code, nothing of the error in the answer', async () => {
    const harness = kitHarness();
    const browser = harness.browser();
    const id = String((await browser.start('alice')).json.auth_req_id);
    harness.idp.failWith('checkCibaStatus', StubIdp.unreachable());
    await harness.clock.advance(2_000);
    const answer = await browser.poll(id);
    expect([answer.status, answer.json]).toEqual([
      502,
      {
        statusCode: 502,
        code: 'ERR_LOGIN_IDP_UNAVAILABLE',
        message: 'the identity provider could not complete the request',
      },
    ]);
  });

  it('a login id from another browser is 404, and the IdP never hears of it', async () => {
    const harness = kitHarness();
    const id = String((await harness.browser('192.0.2.1').start('alice')).json.auth_req_id);
    await harness.clock.advance(2_000);
    const thief = harness.browser('198.51.100.1');
    await thief.start('bob');
    expect((await thief.poll(id)).status).toBe(404);
    expect(harness.idp.count('checkCibaStatus')).toBe(0);
  });
});

describe('what a pending login answers, by mode', () => {
  it('session mode: 202 { status } while pending or too soon, so the page logs no error; 400 once denied', async () => {
    const harness = kitHarness();
    const browser = harness.browser();
    const id = String((await browser.start('alice')).json.auth_req_id);
    await harness.clock.advance(2_000);
    const pending = await browser.poll(id);
    expect([pending.status, pending.json]).toEqual([202, { status: 'pending' }]);
    const tooSoon = await browser.poll(id);
    expect([tooSoon.status, tooSoon.json]).toEqual([202, { status: 'slow_down' }]);
    harness.idp.deny(id);
    await harness.clock.advance(2_000);
    const denied = await browser.poll(id);
    expect([denied.status, denied.json]).toEqual([400, { error: 'access_denied' }]);
  });

  it("tokens mode keeps the vendor's 400 { error } for pending and slow_down, real and made-up alike", async () => {
    const harness = kitHarness({ mode: 'tokens' });
    const browser = harness.browser();
    for (const user of ['alice', 'nobody-known']) {
      const id = String((await browser.start(user)).json.auth_req_id);
      await harness.clock.advance(2_000);
      const pending = await browser.poll(id);
      expect([pending.status, pending.json]).toEqual([400, { error: 'authorization_pending' }]);
      const tooSoon = await browser.poll(id);
      expect([tooSoon.status, tooSoon.json]).toEqual([400, { error: 'slow_down' }]);
    }
  });
});
