import { describe, expect, it } from 'vitest';
import { kitHarness } from '../../../test/support/kit-harness.js';

/** Moves the harness clock to `second` seconds into a window of `windowSeconds`. */
async function atSecond(harness: ReturnType<typeof kitHarness>, windowSeconds: number, second: number) {
  const windowMs = windowSeconds * 1000;
  const into = harness.clock.now() % windowMs;
  await harness.clock.advance((windowMs - into + second * 1000) % windowMs || windowMs);
}

describe('login starts per address', () => {
  it('the 21st start in a minute gets 429 with the exact seconds to the window end; the next window starts afresh', async () => {
    const harness = kitHarness();
    await atSecond(harness, 60, 13);
    const browser = harness.browser('198.51.100.7');
    for (let index = 0; index < 20; index += 1)
      expect((await browser.start(`user-${index}`)).status).toBe(200);
    const refused = await browser.start('user-20');
    expect([refused.status, refused.json.code, refused.headers.get('retry-after')]).toEqual([
      429,
      'ERR_LOGIN_RATE_LIMITED',
      '47',
    ]);
    await harness.clock.advance(46_500);
    expect((await browser.start('user-21')).headers.get('retry-after')).toBe('1');
    await harness.clock.advance(500);
    expect((await browser.start('user-22')).status).toBe(200);
    expect(harness.idp.count('makeCibaRequest')).toBe(21);
  });

  it('an IPv6 client counts by its /64, whatever interface id it uses', async () => {
    const harness = kitHarness();
    const statuses: number[] = [];
    for (let index = 1; index <= 21; index += 1) {
      statuses.push(
        (await harness.browser(`2001:db8:1:2:${index.toString(16)}::1`).start(`u${index}`)).status,
      );
    }
    expect(statuses.at(-1)).toBe(429);
    expect((await harness.browser('2001:db8:1:3::1').start('u0')).status).toBe(200);
  });

  it('clients without a known address share an allowance of their own, 200 a minute; known addresses are not touched', async () => {
    const harness = kitHarness();
    const unknown = () =>
      harness.login.fetch(
        new Request('https://shop.example/api/auth/qr/make', {
          method: 'POST',
          headers: { origin: 'https://shop.example', 'content-type': 'application/json' },
        }),
      );
    const stub = harness.idp as unknown as { makeQrAuthSessionIdp: () => Promise<unknown> };
    stub.makeQrAuthSessionIdp = async () => ({
      sessionId: 'qr-1',
      cbUrl: 'x',
      expIn: 60,
      exp: 2e9,
      interval: 2,
    });
    const statuses: number[] = [];
    for (let index = 0; index < 201; index += 1) statuses.push((await unknown())?.status ?? 0);
    expect(statuses.filter((status) => status === 200)).toHaveLength(200);
    expect(statuses.at(-1)).toBe(429);
    expect((await harness.browser('203.0.113.99').start('alice')).status).toBe(200);
    expect(harness.logs.filter((event) => event.code === 'LOGIN_NO_CLIENT_ADDRESS')).toHaveLength(1);
  });
});

describe('prompts per user', () => {
  it('at most 10 prompts in 5 minutes across every way the app lets the browser name a user', async () => {
    const harness = kitHarness({ loginHintKinds: ['username', 'email', 'phone', 'sub'] });
    harness.idp.users.add('bob@example.com').add('+15550100').add('user-bob');
    const names = [
      ['username', 'bob'],
      ['email', 'bob@example.com'],
      ['phone', '+15550100'],
      ['sub', 'user-bob'],
    ];
    let prompted = 0;
    for (let round = 0; round < 10; round += 1) {
      for (const [kind, value] of names) {
        const browser = harness.browser(`192.0.2.${round * 4 + names.findIndex(([k]) => k === kind) + 1}`);
        if ((await browser.start(String(value), { loginHintKind: kind })).status === 200) prompted += 1;
      }
    }
    expect(prompted).toBeLessThanOrEqual(10);
    expect(prompted).toBe(8); // ⌊10 / 4⌋ per way of naming
  });

  it('by default only usernames: another kind is refused before anything counts', async () => {
    const harness = kitHarness();
    const answer = await harness.browser().start('bob@example.com', { loginHintKind: 'email' });
    expect([answer.status, answer.json.code, answer.json.message]).toEqual([
      400,
      'ERR_LOGIN_BODY_INVALID',
      '"loginHintKind" must be one of username (loginHintKinds)',
    ]);
    expect(harness.idp.count('makeCibaRequest')).toBe(0);
  });

  it('a start refused for its address does not use up the user allowance', async () => {
    const harness = kitHarness({ rateLimits: { loginStartsPerAddress: { max: 1, windowSeconds: 60 } } });
    const mallory = harness.browser('198.51.100.66');
    await mallory.start('mallory-1');
    for (let index = 0; index < 20; index += 1) expect((await mallory.start('bob')).status).toBe(429);
    for (let index = 0; index < 3; index += 1) {
      expect((await harness.browser(`192.0.2.${index + 1}`).start('bob')).status).toBe(200);
    }
  });
});

describe('requests per address', () => {
  it('every other request counts, IPv6 by /64: 600 a minute, then 429', async () => {
    const harness = kitHarness();
    let last = 0;
    for (let index = 0; index < 601; index += 1) {
      last = (await harness.browser(`2001:db8:5:6:${(index + 1).toString(16)}::1`).send('/session')).status;
      if (index < 600) expect(last).toBe(401);
    }
    expect(last).toBe(429);
  });

  it('while the store is down, each instance counts on its own, and the limits still hold there', async () => {
    const harness = kitHarness({ rateLimits: { loginStartsPerAddress: { max: 2, windowSeconds: 60 } } });
    harness.store.mode = 'down';
    const browser = harness.browser('198.51.100.9');
    const statuses = [];
    for (let index = 0; index < 3; index += 1) statuses.push((await browser.start(`u${index}`)).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
