import type { LoginHintKind } from '@ones.dev/common';
import { describe, expect, it } from 'vitest';
import { FaultyStore } from '../../../test/support/faulty-store.js';
import { kitHarness } from '../../../test/support/kit-harness.js';
import { ManualClock, settle } from '../../../test/support/manual-clock.js';
import type { LoginRefusal } from '../http/answers.js';
import { DEFAULT_RATE_LIMITS } from '../options/resolve-settings.js';
import { kitLogFor } from '../settings/kit-log.js';
import type { LoginStore } from '../store/login-store.js';
import { SharedStore } from '../store/shared-store.js';
import { StoreKeys } from '../store/store-keys.js';
import { type RateLimitSettings, RateLimits } from './rate-limits.js';

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

/** The kit's default limits. */
const DEFAULT_LIMITS: RateLimitSettings = DEFAULT_RATE_LIMITS;

/**
 * `RateLimits` of one instance over a store the test controls (`faulty`, shared when given), on a
 * manual clock at a whole hour; `counted` records every counter the store was asked to change. A
 * `plain` store has no `incrementField` (it cannot take a count back).
 */
function limitsBench(
  options: {
    readonly limits?: Partial<RateLimitSettings>;
    readonly loginHintKinds?: readonly LoginHintKind[];
    readonly plain?: boolean;
    readonly clock?: ManualClock;
    readonly faulty?: FaultyStore;
  } = {},
) {
  const clock = options.clock ?? new ManualClock();
  const faulty = options.faulty ?? new FaultyStore(() => clock.now());
  const counted: (string | number | undefined)[][] = [];
  const store: LoginStore = {
    increment: (key, seconds) => {
      counted.push(['increment', key, seconds]);
      return faulty.increment(key, seconds);
    },
    add: (key, value, ttl) => faulty.add(key, value, ttl),
    get: (key) => faulty.get(key),
    set: (key, value, ttl) => faulty.set(key, value, ttl),
    delete: (key) => faulty.delete(key),
    ...(options.plain === true
      ? {}
      : {
          incrementField: (key: string, field: string, expiresAt: number, by?: number) => {
            counted.push(['incrementField', key, field, expiresAt, by]);
            return faulty.incrementField(key, field, expiresAt, by);
          },
        }),
  };
  const keys = new StoreKeys(new Uint8Array(32).fill(5));
  const shared = new SharedStore(
    store,
    keys,
    clock,
    kitLogFor(() => {}),
    { timeoutMs: 500, probeMs: 100 },
  );
  const limits = new RateLimits({
    store: shared,
    keys,
    clock,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    loginHintKinds: options.loginHintKinds ?? ['username'],
  });
  return { limits, clock, faulty, keys, counted };
}

/** `'counted'`, or the refusal's status, code, message and Retry-After. */
async function outcome(counting: Promise<void>) {
  try {
    await counting;
    return 'counted';
  } catch (error) {
    const refusal = error as LoginRefusal;
    return [refusal.status, refusal.code, refusal.message, refusal.headers['retry-after']];
  }
}

/** The outcomes of `times` calls of `count`, one after another. */
async function outcomes(times: number, count: () => Promise<void>) {
  const all: unknown[] = [];
  for (let index = 0; index < times; index += 1) all.push(await outcome(count()));
  return all;
}

const bob = { kind: 'username', identifier: 'bob' } as const;

describe('RateLimits', () => {
  it('a refusal is a 429 that says when to come back: the whole seconds to the window end, rounded up', async () => {
    const { limits, clock } = limitsBench({ limits: { requestsPerAddress: { max: 1, windowSeconds: 60 } } });
    await clock.advance(13_200);
    expect(await outcomes(2, () => limits.countRequest('198.51.100.7', 'browser'))).toEqual([
      'counted',
      [429, 'ERR_LOGIN_RATE_LIMITED', 'too many requests; try again later', '47'],
    ]);
    await clock.advance(46_700);
    expect(await outcome(limits.countRequest('198.51.100.7', 'browser'))).toEqual([
      429,
      'ERR_LOGIN_RATE_LIMITED',
      'too many requests; try again later',
      '1',
    ]);
    await clock.advance(100);
    expect(await outcome(limits.countRequest('198.51.100.7', 'browser'))).toBe('counted');
  });

  it('requests without a known address count under their own, larger limit, apart from every address', async () => {
    const { limits } = limitsBench({
      limits: {
        requestsPerAddress: { max: 2, windowSeconds: 60 },
        requestsWithoutAddress: { max: 4, windowSeconds: 60 },
      },
    });
    expect(await outcomes(5, () => limits.countRequest(undefined, 'browser'))).toEqual([
      'counted',
      'counted',
      'counted',
      'counted',
      expect.arrayContaining([429]),
    ]);
    expect(await outcomes(3, () => limits.countRequest('203.0.113.5', 'browser'))).toEqual([
      'counted',
      'counted',
      expect.arrayContaining([429]),
    ]);
  });

  it('browser requests count in the store across instances; the IdP’s notifications in each instance’s memory only', async () => {
    const clock = new ManualClock();
    const faulty = new FaultyStore(() => clock.now());
    const limits = { requestsPerAddress: { max: 2, windowSeconds: 60 } };
    const one = limitsBench({ clock, faulty, limits });
    const two = limitsBench({ clock, faulty, limits });
    const browserOnOne = await outcomes(2, () => one.limits.countRequest('198.51.100.7', 'browser'));
    const browserOnTwo = await outcome(two.limits.countRequest('198.51.100.7', 'browser'));
    expect([...browserOnOne, browserOnTwo]).toEqual(['counted', 'counted', expect.arrayContaining([429])]);

    const idpOnOne = await outcomes(3, () => one.limits.countRequest('192.0.2.50', 'idp'));
    const idpOnTwo = await outcomes(3, () => two.limits.countRequest('192.0.2.50', 'idp'));
    const refusedThird = ['counted', 'counted', expect.arrayContaining([429])];
    expect([idpOnOne, idpOnTwo]).toEqual([refusedThird, refusedThird]);
    // only the browser's requests reached the store, in the group of this minute's request counts
    const minute = Math.floor(clock.now() / 60_000);
    expect([...one.counted, ...two.counted].map(([, group]) => group)).toEqual(
      Array(3).fill(one.keys.counter('request-address', '', minute).group),
    );
  });

  it('sends all counts of a login start to the store at once, each in its kind’s group for its window, ending with it', async () => {
    const { limits, clock, faulty, keys, counted } = limitsBench();
    await clock.advance(13_000);
    const now = clock.now();
    faulty.mode = 'frozen';
    const counting = outcome(limits.countLoginStart('198.51.100.7', bob));
    await settle();
    const fieldCounts = counted.map(([operation, group, , expiresAt, by]) => [
      operation,
      group,
      expiresAt,
      by,
    ]);
    const minute = Math.floor(now / 60_000);
    const fiveMinutes = Math.floor(now / 300_000);
    expect(fieldCounts).toEqual([
      ['incrementField', keys.counter('start-address', '', minute).group, (minute + 1) * 60_000, 1],
      [
        'incrementField',
        keys.counter('start-user-address', '', fiveMinutes).group,
        (fiveMinutes + 1) * 300_000,
        1,
      ],
      ['incrementField', keys.counter('start-user', '', fiveMinutes).group, (fiveMinutes + 1) * 300_000, 1],
    ]);
    faulty.thaw();
    expect(await counting).toBe('counted');
  });

  it('a start refused for its address takes back its other counts: the user may start from there in the next window', async () => {
    const { limits, clock, counted } = limitsBench({
      limits: {
        loginStartsPerAddress: { max: 1, windowSeconds: 60 },
        loginStartsPerUserAndAddress: { max: 2, windowSeconds: 300 },
      },
    });
    expect(
      await outcome(limits.countLoginStart('198.51.100.66', { kind: 'username', identifier: 'x' })),
    ).toBe('counted');
    const refused = await outcomes(3, () => limits.countLoginStart('198.51.100.66', bob));
    expect(refused.every((answer) => Array.isArray(answer) && answer[0] === 429)).toBe(true);
    // each refused start: three counts up, the two after the address's taken back
    expect(counted.slice(3).map((call) => call[4])).toEqual([
      1, 1, 1, -1, -1, 1, 1, 1, -1, -1, 1, 1, 1, -1, -1,
    ]);
    await clock.advance(60_000);
    expect(await outcome(limits.countLoginStart('198.51.100.66', bob))).toBe('counted');
  });

  it('a start refused for the user still counts against its address', async () => {
    const { limits } = limitsBench({
      limits: {
        loginStartsPerAddress: { max: 3, windowSeconds: 60 },
        loginStartsPerUser: { max: 1, windowSeconds: 300 },
      },
    });
    expect(await outcomes(3, () => limits.countLoginStart('198.51.100.7', bob))).toEqual([
      'counted',
      expect.arrayContaining([429]),
      expect.arrayContaining([429]),
    ]);
    const carol = { kind: 'username', identifier: 'carol' } as const;
    expect(await outcome(limits.countLoginStart('198.51.100.7', carol))).toEqual(
      expect.arrayContaining([429]),
    );
  });

  it('with a store that cannot take a count back, counts go one after another, each kept until its window ends', async () => {
    const { limits, clock, counted } = limitsBench({
      plain: true,
      limits: { loginStartsPerAddress: { max: 1, windowSeconds: 60 } },
    });
    await clock.advance(13_000);
    expect(await outcome(limits.countLoginStart('198.51.100.66', bob))).toBe('counted');
    expect(counted.map(([operation, , seconds]) => [operation, seconds])).toEqual([
      ['increment', 47],
      ['increment', 287],
      ['increment', 287],
    ]);
    // refused for the address: nothing after it counts, so bob's allowance elsewhere is whole
    for (let index = 0; index < 5; index += 1) {
      expect(await outcome(limits.countLoginStart('198.51.100.66', bob))).toEqual(
        expect.arrayContaining([429]),
      );
    }
    expect(counted).toHaveLength(3 + 5);
    const fromElsewhere = [];
    for (let index = 1; index <= 9; index += 1) {
      fromElsewhere.push(await outcome(limits.countLoginStart(`192.0.2.${index}`, bob)));
    }
    expect(fromElsewhere.filter((answer) => answer === 'counted')).toHaveLength(9);
    expect(await outcome(limits.countLoginStart('192.0.2.10', bob))).toEqual(expect.arrayContaining([429]));
  });

  it('a limit turned off never refuses and keeps no counter in the store', async () => {
    const { limits, clock, keys, counted } = limitsBench({
      limits: { requestsPerAddress: false, loginStartsPerUserAndAddress: false, loginStartsPerUser: false },
    });
    const minute = Math.floor(clock.now() / 60_000);
    const starts = [];
    for (let index = 1; index <= 15; index += 1) {
      starts.push(await outcome(limits.countLoginStart(`192.0.2.${index}`, bob)));
    }
    expect(starts.every((answer) => answer === 'counted')).toBe(true);
    expect(await outcomes(700, () => limits.countRequest('192.0.2.1', 'browser'))).not.toContainEqual(
      expect.arrayContaining([429]),
    );
    const groups = new Set(counted.map(([, group]) => group));
    expect([...groups]).toEqual([keys.counter('start-address', '', minute).group]);
  });

  it('consent prompts count by the user’s sub under the whole per-user limit, apart from login starts', async () => {
    const { limits, clock, keys, counted } = limitsBench({
      loginHintKinds: ['username', 'email', 'phone', 'sub'],
      limits: { loginStartsPerUser: { max: 10, windowSeconds: 300 } },
    });
    await clock.advance(60_000);
    expect(await outcomes(11, () => limits.countConsentPrompt('user-bob'))).toEqual([
      ...Array(10).fill('counted'),
      [429, 'ERR_LOGIN_RATE_LIMITED', 'too many requests; try again later', '240'],
    ]);
    expect(await outcome(limits.countConsentPrompt('user-carol'))).toBe('counted');
    const window = Math.floor(clock.now() / 300_000);
    expect(new Set(counted.map(([, group]) => group))).toEqual(
      new Set([keys.counter('consent-user', '', window).group]),
    );
    // the user's login starts keep their own allowance: ⌊10 / 4⌋ for starts naming the sub
    const starts = [];
    for (let index = 1; index <= 3; index += 1) {
      starts.push(
        await outcome(limits.countLoginStart(`192.0.2.${index}`, { kind: 'sub', identifier: 'user-bob' })),
      );
    }
    expect(starts).toEqual(['counted', 'counted', expect.arrayContaining([429])]);
  });
});
