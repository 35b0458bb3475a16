import { oauthErrorFromResponse } from '@ones.dev/common/internal';
import { describe, expect, it } from 'vitest';
import { FaultyStore } from '../../../test/support/faulty-store.js';
import { ManualClock, settle } from '../../../test/support/manual-clock.js';
import { kitLogFor } from '../settings/kit-log.js';
import { SharedStore } from '../store/shared-store.js';
import { StoreKeys } from '../store/store-keys.js';
import { isAboutTheUser, MadeUpLogins } from './made-up-logins.js';

const oauth = (error: string) => oauthErrorFromResponse({ status: 400, data: { error } });

/** A shared store over a store the test controls, on a clock the test moves. */
function sharedStore() {
  const clock = new ManualClock();
  const faulty = new FaultyStore(() => clock.now());
  const keys = new StoreKeys(new Uint8Array(32).fill(3));
  const store = new SharedStore(
    faulty,
    keys,
    clock,
    kitLogFor(() => {}),
    { timeoutMs: 500, probeMs: 100 },
  );
  return { clock, faulty, keys, store };
}

/** Made-up logins over a store the test controls, on a clock the test moves (`now`, in ms). */
function bench(random = 0) {
  const { faulty, keys, store } = sharedStore();
  const pauses: number[] = [];
  let now = 1_000;
  const madeUp = new MadeUpLogins({
    store,
    keys,
    defaults: { expiresIn: 120, idpInterval: 2 },
    random: () => random,
    now: () => now,
    pause: async (ms) => {
      pauses.push(ms);
      now += ms;
    },
  });
  return { madeUp, faulty, keys, pauses, at: (ms: number) => (now = ms), now: () => now };
}

describe('isAboutTheUser', () => {
  it.each([
    'unknown_user_id',
    'access_denied',
    'expired_login_hint_token',
    'missing_user_code',
    'invalid_user_code',
  ])('%s is about the user', (error) => expect(isAboutTheUser(oauth(error))).toBe(true));

  it('other refusals, and errors that are not OAuth answers, are not', () => {
    expect(isAboutTheUser(oauth('invalid_request'))).toBe(false);
    expect(isAboutTheUser(Object.assign(new Error('x'), { error: 'unknown_user_id' }))).toBe(false);
  });
});

describe('MadeUpLogins', () => {
  it('makes ids of the IdP’s shape, each new', () => {
    const { madeUp } = bench();
    const ids = new Set(Array.from({ length: 50 }, () => madeUp.newId()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[\w-]{43}$/);
  });

  it('shares a real login’s timing through the store once, and again only when it changed', async () => {
    const { madeUp, faulty, keys } = bench();
    await madeUp.learn({ expiresIn: 300, idpInterval: 5 });
    expect(await faulty.peek(keys.cibaTiming())).toBe('{"expires_in":300,"interval":5}');
    await madeUp.learn({ expiresIn: 300, idpInterval: 5 });
    expect(faulty.sent.filter((operation) => operation === 'set')).toHaveLength(1);
    await madeUp.learn({ expiresIn: 300, idpInterval: 6 });
    await madeUp.learn({ expiresIn: 240, idpInterval: 6 });
    expect(faulty.sent.filter((operation) => operation === 'set')).toHaveLength(3);
    expect(await madeUp.timing()).toEqual({ expiresIn: 240, idpInterval: 6 });
  });

  it('copies the timing another instance shared, and asks the store once', async () => {
    const { madeUp, faulty, keys } = bench();
    await faulty.set(keys.cibaTiming(), '{"expires_in":90,"interval":3}', 60);
    expect(await madeUp.timing()).toEqual({ expiresIn: 90, idpInterval: 3 });
    const asked = faulty.sent.length;
    expect(await madeUp.timing()).toEqual({ expiresIn: 90, idpInterval: 3 });
    expect(faulty.sent.length).toBe(asked);
  });

  it('counts a timing as shared only once the store took it: a login while the first write is under way writes too', async () => {
    const { madeUp, faulty, keys } = bench();
    faulty.mode = 'frozen';
    const first = madeUp.learn({ expiresIn: 300, idpInterval: 5 });
    const second = madeUp.learn({ expiresIn: 300, idpInterval: 5 });
    await settle();
    expect(faulty.sent.filter((operation) => operation === 'set')).toHaveLength(2);
    faulty.thaw();
    await Promise.all([first, second]);
    expect(await faulty.peek(keys.cibaTiming())).toBe('{"expires_in":300,"interval":5}');
    await madeUp.learn({ expiresIn: 300, idpInterval: 5 });
    expect(faulty.sent.filter((operation) => operation === 'set')).toHaveLength(2);
  });

  it('does not write back a timing it read from the store when a real login shows the same one', async () => {
    const { madeUp, faulty, keys } = bench();
    await faulty.set(keys.cibaTiming(), '{"expires_in":90,"interval":3}', 60);
    expect(await madeUp.timing()).toEqual({ expiresIn: 90, idpInterval: 3 });
    await madeUp.learn({ expiresIn: 90, idpInterval: 3 });
    expect(faulty.sent.filter((operation) => operation === 'set')).toHaveLength(1); // the test's own
    await madeUp.learn({ expiresIn: 90, idpInterval: 4 });
    expect(await faulty.peek(keys.cibaTiming())).toBe('{"expires_in":90,"interval":4}');
  });

  it.each([
    ['nothing shared', undefined],
    ['not JSON', 'not json'],
    ['not an object', '42'],
    ['null', 'null'],
    ['no whole numbers', '{"expires_in":"90","interval":3}'],
    ['no interval', '{"expires_in":90}'],
  ])('falls back to its defaults with %s in the store', async (_name, stored) => {
    const { madeUp, faulty, keys } = bench();
    if (stored !== undefined) await faulty.set(keys.cibaTiming(), stored, 60);
    expect(await madeUp.timing()).toEqual({ expiresIn: 120, idpInterval: 2 });
  });

  it('lets every start last as long as 95 % of recent starts, plus a random part as wide as their spread', async () => {
    const { madeUp, pauses, at, now } = bench(1);
    // ten starts of 10 to 100 ms, and this one of 10: the 95th percentile is 100, the median 50,
    // so with the random part at its largest a start lasts 100 + 1 × 50
    for (let ms = 10; ms <= 100; ms += 10) {
      const startedAt = now();
      at(startedAt + ms);
      await madeUp.lastLikeEveryStart(startedAt);
    }
    const startedAt = now();
    at(startedAt + 10);
    await madeUp.lastLikeEveryStart(startedAt);
    expect(now() - startedAt).toBe(150);
    expect(pauses.at(-1)).toBe(140);
  });

  it('with no spread, the random part is at most a millisecond', async () => {
    const { madeUp, at, now } = bench(1);
    for (let index = 0; index < 5; index += 1) {
      const startedAt = now();
      at(startedAt + 20);
      await madeUp.lastLikeEveryStart(startedAt);
    }
    const startedAt = now();
    at(startedAt + 20);
    await madeUp.lastLikeEveryStart(startedAt);
    expect(now() - startedAt).toBe(21);
  });

  it('a made-up poll lasts as long as real polls at the IdP do (before any, as starts do), without asking it', async () => {
    const { madeUp, at, now } = bench(0);
    const first = now();
    at(first + 30);
    await madeUp.lastLikeEveryStart(first); // starts: 30 ms
    const before = now();
    await madeUp.lastLikeEveryPoll(before, undefined);
    expect(now() - before).toBe(30); // no poll seen yet: as long as starts
    await madeUp.lastLikeEveryPoll(now(), 8); // a real poll of 8 ms
    const made = now();
    await madeUp.lastLikeEveryPoll(made, undefined);
    expect(now() - made).toBe(8);
  });

  it('a real poll that took longer than the others is not held back further', async () => {
    const { madeUp, pauses, at, now } = bench(0);
    await madeUp.lastLikeEveryPoll(now(), 5);
    const startedAt = now();
    at(startedAt + 50);
    const count = pauses.length;
    await madeUp.lastLikeEveryPoll(startedAt, 50);
    expect(pauses.length).toBe(count);
  });

  it('measures durations with performance.now() unless told otherwise', async () => {
    const { keys, store } = sharedStore();
    const gone = new AbortController();
    const pauses: number[] = [];
    const madeUp = new MadeUpLogins({
      store,
      keys,
      defaults: { expiresIn: 120, idpInterval: 2 },
      random: () => 0,
      pause: async (ms) => {
        pauses.push(ms);
        gone.abort();
      },
    });
    // a poll that took 5 s at the IdP, counted from now: the wait is what is left of those 5 s
    await madeUp.lastLikeEveryPoll(performance.now(), 5000, gone.signal);
    expect(pauses).toHaveLength(1);
    expect(pauses[0]).toBeGreaterThan(4000);
    expect(pauses[0]).toBeLessThanOrEqual(5000);
  });

  it('stops waiting when the browser goes away', async () => {
    const { keys, store } = sharedStore();
    const gone = new AbortController();
    let pauses = 0;
    const madeUp = new MadeUpLogins({
      store,
      keys,
      defaults: { expiresIn: 120, idpInterval: 2 },
      now: () => 0,
      pause: async (_ms, signal) => {
        pauses += 1;
        expect(signal).toBe(gone.signal);
        gone.abort();
      },
    });
    await madeUp.lastLikeEveryPoll(0, 40, gone.signal);
    expect(pauses).toBe(1);
  });
});
