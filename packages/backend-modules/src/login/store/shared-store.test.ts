import { describe, expect, it } from 'vitest';
import { FaultyStore } from '../../../test/support/faulty-store.js';
import { ManualClock, settle } from '../../../test/support/manual-clock.js';
import { type Clock, sleepOn } from '../settings/clock.js';
import type { KitLog } from '../settings/kit-log.js';
import type { LoginStore } from './login-store.js';
import { MemoryLoginStore } from './memory-login-store.js';
import { type Outcome, SharedStore } from './shared-store.js';
import { StoreKeys } from './store-keys.js';

const keys = new StoreKeys(new Uint8Array(32).fill(7));
const TIMING = { timeoutMs: 500, probeMs: 250 };
const UNAVAILABLE = (reason: string) =>
  `login kit: the store failed (${reason}); logouts made now are kept here and written once it answers, sessions are refused or served as storeOutage says, and rate limits count per instance meanwhile`;
const RECOVERED = 'login kit: the store answers again; state is shared across instances again';

type Logged = { readonly level: string; readonly code: string; readonly message: string };

/**
 * The manual clock as an instance whose event loop is busy sees it: `stall(ms)` lets `ms` pass with
 * no timer firing, so the next ones fire that late; what `meanwhile` does (an answer that reached
 * the socket during the stall) is read on the loop's next turn, after those timers, as in Node.
 */
class StallingClock implements Clock {
  readonly manual = new ManualClock();
  #lost = 0;
  readonly #meanwhile: (() => void)[] = [];

  now(): number {
    return this.manual.now() + this.#lost;
  }

  after(ms: number, callback: () => void): () => void {
    return this.manual.after(ms, () => {
      for (const arrived of this.#meanwhile.splice(0)) setImmediate(arrived);
      callback();
    });
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn((delay, callback) => this.after(delay, callback), ms, signal);
  }

  idle(ms: number): Promise<void> {
    return this.sleep(ms);
  }

  stall(ms: number, meanwhile?: () => void): void {
    this.#lost += ms;
    if (meanwhile !== undefined) this.#meanwhile.push(meanwhile);
  }

  advance(ms: number): Promise<void> {
    return this.manual.advance(ms);
  }
}

/** A store over `faulty` that cannot tell when its connection drops (no `onConnectionLost`). */
function withoutNotice(faulty: FaultyStore): LoginStore {
  return {
    increment: (key, windowSeconds) => faulty.increment(key, windowSeconds),
    add: (key, value, ttlSeconds) => faulty.add(key, value, ttlSeconds),
    get: (key) => faulty.get(key),
    set: (key, value, ttlSeconds) => faulty.set(key, value, ttlSeconds),
    delete: (key) => faulty.delete(key),
  };
}

function sharedOver<C extends Clock = ManualClock>(
  options: { clock?: C; store?: (faulty: FaultyStore) => LoginStore } = {},
) {
  const clock = options.clock ?? (new ManualClock() as unknown as C);
  const store = new FaultyStore(() => clock.now());
  const logs: Logged[] = [];
  const log: KitLog = (level, code, message) => logs.push({ level, code, message });
  const shared = new SharedStore(options.store?.(store) ?? store, keys, clock, log, TIMING);
  return { clock, store, shared, logs };
}

/** A shared store that has been used once (its epoch read and written), the store answering. */
async function inUse<C extends Clock = ManualClock>(options: Parameters<typeof sharedOver<C>>[0] = {}) {
  const setup = sharedOver<C>(options);
  await setup.store.set('k', 'v', 3600);
  expect(await setup.shared.attempt((store) => store.get('k'))).toStrictEqual({ ok: true, value: 'v' });
  await settle();
  setup.store.sent.length = 0;
  return setup;
}

/** Starts `promise`, giving access to what it settled with so far. */
function track<T>(promise: Promise<T>): { readonly value: T | undefined } {
  const state: { value: T | undefined } = { value: undefined };
  void promise.then((value) => (state.value = value));
  return state;
}

const reasonOf = (logs: readonly Logged[]) => /failed \((.*)\); logouts/.exec(logs[0]?.message ?? '')?.[1];

describe('SharedStore: each call and its deadline', () => {
  it("gives the store's answer; the first call also reads the epoch, made once for the store's lifetime", async () => {
    const { clock, store, shared, logs } = sharedOver();
    await store.set('k', 'v', 3600);
    expect(shared.store).toBe(store);
    expect(await shared.attempt((s) => s.get('k'))).toStrictEqual({ ok: true, value: 'v' });
    await settle();
    expect(store.sent).toEqual(['set', 'get', 'get', 'add', 'get']); // the epoch: read, made, read again
    expect(await store.peek(keys.epoch())).toMatch(/^0\.[\w-]{16}$/);
    expect(await shared.attempt((s) => s.get('k'))).toStrictEqual({ ok: true, value: 'v' });
    expect(await shared.attempt((s) => s.add('k', 'w', 60))).toStrictEqual({ ok: true, value: false });
    await settle();
    expect(store.sent.slice(5)).toEqual(['get', 'add']); // no second epoch read before 10 s
    expect([shared.isUp, shared.downSince, shared.lastTroubleAt, shared.justBack]).toEqual([
      true,
      undefined,
      undefined,
      false,
    ]);
    expect(shared.sessionsValidFrom).toBe(0);
    expect(logs).toEqual([]);
    expect(clock.now()).toBe(new ManualClock().now());
  });

  it('a store that fails: { ok: false }, down from then on, one warning that names the error by its kind', async () => {
    const { clock, store, shared, logs } = await inUse();
    await clock.advance(1_000);
    const failedAt = clock.now();
    store.mode = 'down';
    expect(await shared.attempt((s) => s.get('k'))).toStrictEqual({ ok: false });
    expect([shared.isUp, shared.downSince, shared.lastTroubleAt]).toEqual([false, failedAt, failedAt]);
    expect(logs).toEqual([
      {
        level: 'warn',
        code: 'LOGIN_STORE_UNAVAILABLE',
        message: UNAVAILABLE('Error "Socket closed unexpectedly"'),
      },
    ]);
  });

  it('while down, a call fails at once without reaching the store, and nothing more is logged', async () => {
    const { store, shared, logs } = await inUse();
    store.mode = 'down';
    await shared.attempt((s) => s.get('k'));
    store.mode = 'up';
    let asked = 0;
    const outcome = await shared.attempt((s) => {
      asked += 1;
      return s.get('k');
    });
    expect([outcome, asked, store.sent]).toEqual([{ ok: false }, 0, ['get']]);
    expect(logs).toHaveLength(1);
  });

  it('an operation that throws before reaching the store fails like the store failing', async () => {
    const { shared, logs } = await inUse();
    const throwing = (): Promise<string> => {
      throw new RangeError('bad key');
    };
    expect(await shared.attempt(throwing)).toStrictEqual({ ok: false });
    expect([shared.isUp, reasonOf(logs)]).toEqual([false, 'RangeError "bad key"']);
  });

  it('a frozen store: the call gives up after exactly timeoutMs, as a timeout', async () => {
    const { clock, store, shared, logs } = await inUse();
    store.mode = 'frozen';
    const start = clock.now();
    const call = track(shared.attempt((s) => s.get('k')));
    await clock.advance(499);
    expect([call.value, shared.isUp]).toEqual([undefined, true]);
    await clock.advance(1);
    expect(call.value).toStrictEqual({ ok: false });
    expect([shared.isUp, shared.downSince, reasonOf(logs)]).toEqual([false, start + 500, 'a timeout']);
    store.thaw();
  });

  it("orLocal: the store's answer while it answers, this instance's memory while it does not", async () => {
    const { clock, store, shared } = await inUse();
    expect(await shared.orLocal((s) => s.increment('count', 60))).toBe(1);
    store.mode = 'down';
    expect(await shared.orLocal((s) => s.increment('count', 60))).toBe(1);
    expect(await shared.orLocal((s) => s.increment('count', 60))).toBe(2);
    expect(await shared.local.get('k')).toBeNull();
    await clock.advance(59_999);
    expect(await shared.orLocal((s) => s.increment('count', 60))).toBe(3);
    await clock.advance(1); // this instance's window ends on the kit clock
    expect(await shared.orLocal((s) => s.increment('count', 60))).toBe(1);
    store.mode = 'up';
    expect(await store.increment('count', 60)).toBe(1); // the store's own window ended too
  });

  it("the kit's own memory store: no deadline, never down, no epoch, nothing logged", async () => {
    const clock = new ManualClock();
    const memory = new MemoryLoginStore({ now: () => clock.now() });
    const logs: Logged[] = [];
    const shared = new SharedStore(
      memory,
      keys,
      clock,
      (level, code, message) => logs.push({ level, code, message }),
      TIMING,
    );
    await memory.set('k', 'v', 3600);
    const slow = track(
      shared.attempt(async (s) => {
        await clock.sleep(2_000);
        return s.get('k');
      }),
    );
    await clock.advance(1_999);
    expect(slow.value).toBeUndefined();
    await clock.advance(1);
    expect(slow.value).toStrictEqual({ ok: true, value: 'v' });
    const failing = async (): Promise<string> => {
      throw new Error('Socket closed unexpectedly');
    };
    expect(await shared.attempt(failing)).toStrictEqual({ ok: false });
    await clock.advance(20_000);
    expect([shared.isUp, shared.downSince, shared.lastTroubleAt, logs]).toEqual([
      true,
      undefined,
      undefined,
      [],
    ]);
    expect(await memory.get(keys.epoch())).toBeNull();
    expect(await shared.attempt((s) => s.get('k'))).toStrictEqual({ ok: true, value: 'v' });
  });
});

describe('SharedStore: what the warning says about the error (its kind only, never an address or a key)', () => {
  const withCode = (message: string, code: unknown) => Object.assign(new Error(message), { code });
  /** A text that is `first` when read first, and `then` after. */
  const readsOnce = (first: string, then: string) => {
    let reads = 0;
    return () => (reads++ === 0 ? first : then);
  };
  it.each([
    ['the name and a plain message', new TypeError('fetch failed'), 'TypeError "fetch failed"'],
    [
      'a code, not a message with an address',
      withCode('connect ECONNREFUSED 10.0.0.7:6379', 'ECONNREFUSED'),
      'Error ECONNREFUSED',
    ],
    ['not a message that starts with an address', new Error('10.0.0.7 refused the connection'), 'Error'],
    ['not an empty message', new Error(''), 'Error'],
    ['a message of 80 characters', new Error('a'.repeat(80)), `Error "${'a'.repeat(80)}"`],
    ['not one of 81', new Error('a'.repeat(81)), 'Error'],
    [
      "a message of letters, spaces and , . ' -",
      new Error("Can't connect, try-again. Now"),
      `Error "Can't connect, try-again. Now"`,
    ],
    ['a code of 2 capitals', withCode('x:', 'AB'), 'Error AB'],
    ['a code of 32', withCode('x:', 'A_'.repeat(16)), `Error ${'A_'.repeat(16)}`],
    ['not a code of 1', withCode('x:', 'A'), 'Error'],
    ['not a code of 33', withCode('x:', `${'A_'.repeat(16)}B`), 'Error'],
    ['not a code in small letters', withCode('x:', 'econnreset'), 'Error'],
    ['not a code after a key', withCode('x:', 'ones:NOAUTH'), 'Error'],
    ['not a code before an address', withCode('x:', 'NOAUTH 10.0.0.7'), 'Error'],
    ['not a code that is not a string', withCode('x:', 61), 'Error'],
    [
      'not a code that only reads as one at first (an object: its text may change)',
      withCode('x:', { toString: readsOnce('NOAUTH', 'redis://10.0.0.7:6379') }),
      'Error',
    ],
    ['both', withCode('Connection refused', 'ECONNREFUSED'), 'Error ECONNREFUSED "Connection refused"'],
    ['nothing of what is not an Error', 'ones:logout:sid at 10.0.0.7', 'an unexpected error'],
    ['nothing of an error-like object', { name: 'Error', message: 'refused' }, 'an unexpected error'],
  ])('%s', async (_, thrown, reason) => {
    const { shared, logs } = await inUse();
    expect(await shared.attempt(() => Promise.reject(thrown))).toStrictEqual({ ok: false });
    expect(logs).toEqual([{ level: 'warn', code: 'LOGIN_STORE_UNAVAILABLE', message: UNAVAILABLE(reason) }]);
  });
});

describe('SharedStore: coming back', () => {
  it('asks again every probeMs; back, it logs once, clears downSince, keeps lastTroubleAt, and is justBack for 1 s', async () => {
    const { clock, store, shared, logs } = await inUse();
    store.mode = 'down';
    const downAt = clock.now();
    await shared.attempt((s) => s.get('k'));
    await clock.advance(250);
    expect(store.sent).toEqual(['get', 'get']); // the probe asked, in vain
    store.mode = 'up';
    await clock.advance(249);
    expect([shared.isUp, store.sent.length]).toEqual([false, 2]);
    await clock.advance(1);
    expect([shared.isUp, shared.downSince, shared.lastTroubleAt, shared.justBack]).toEqual([
      true,
      undefined,
      downAt,
      true,
    ]);
    expect(logs.map((event) => [event.level, event.code, event.message])).toEqual([
      ['warn', 'LOGIN_STORE_UNAVAILABLE', UNAVAILABLE('Error "Socket closed unexpectedly"')],
      ['info', 'LOGIN_STORE_RECOVERED', RECOVERED],
    ]);
    expect(await shared.attempt((s) => s.get('k'))).toStrictEqual({ ok: true, value: 'v' });
    await clock.advance(999);
    expect(shared.justBack).toBe(true);
    await clock.advance(1);
    expect(shared.justBack).toBe(false);
    const sent = store.sent.length;
    await clock.advance(5_000);
    expect(store.sent.length).toBe(sent); // no probing once back
  });

  it('counts as up only once every recovery hook succeeded, in order, through calls that reach the store meanwhile', async () => {
    const { clock, store, shared, logs } = await inUse();
    const ran: string[] = [];
    let firstSucceeds = false;
    const seen: Outcome<void>[] = [];
    shared.onRecovery(async (call) => {
      ran.push('first');
      seen.push(await call((s) => s.set('kept', String(ran.length), 60)));
      return firstSucceeds;
    });
    shared.onRecovery(async (call) => {
      ran.push('second');
      return (await call((s) => s.get('kept'))).ok;
    });
    store.mode = 'down';
    await shared.attempt((s) => s.get('k'));
    store.mode = 'up';
    await clock.advance(250);
    expect([ran, shared.isUp, await store.peek('kept')]).toEqual([['first'], false, '1']);
    expect(seen).toStrictEqual([{ ok: true, value: undefined }]);
    expect(await shared.attempt((s) => s.get('kept'))).toStrictEqual({ ok: false }); // still down for the kit
    await clock.advance(250);
    expect([ran, shared.isUp]).toEqual([['first', 'first'], false]);
    firstSucceeds = true;
    await clock.advance(250);
    expect([ran, shared.isUp]).toEqual([['first', 'first', 'first', 'second'], true]);
    expect(logs.map((event) => event.code)).toEqual(['LOGIN_STORE_UNAVAILABLE', 'LOGIN_STORE_RECOVERED']);
  });

  it("a hook's call to a store that fails says so ({ ok: false }), and the store stays down", async () => {
    const { clock, store, shared } = await inUse();
    const seen: Outcome<string | null>[] = [];
    shared.onRecovery(async (call) => {
      const read = await call((s) => s.get('k'));
      seen.push(read);
      return read.ok;
    });
    store.mode = 'down';
    await shared.attempt((s) => s.get('k'));
    store.mode = 'up';
    // the epoch read passes, the hook's read fails
    let reads = 0;
    const get = store.get.bind(store);
    store.get = (key: string) => {
      reads += 1;
      return key === 'k' ? Promise.reject(new Error('Socket closed unexpectedly')) : get(key);
    };
    await clock.advance(250);
    expect([seen, shared.isUp, reads]).toStrictEqual([[{ ok: false }], false, 2]);
    store.get = get;
    await clock.advance(250);
    expect([seen.at(-1), shared.isUp]).toStrictEqual([{ ok: true, value: 'v' }, true]);
  });

  it('a recovery hook that throws is a failed recovery: the store stays down and the next probe tries again', async () => {
    const { clock, store, shared, logs } = await inUse();
    let throws = true;
    shared.onRecovery(async () => {
      if (throws) throw new Error('a bug in a hook');
      return true;
    });
    store.mode = 'down';
    await shared.attempt((s) => s.get('k'));
    store.mode = 'up';
    await clock.advance(250);
    expect(shared.isUp).toBe(false);
    throws = false;
    await clock.advance(250);
    expect(shared.isUp).toBe(true);
    expect(logs.map((event) => event.code)).toEqual(['LOGIN_STORE_UNAVAILABLE', 'LOGIN_STORE_RECOVERED']);
  });

  it("a store that answers the probe too late: each probe's calls have their deadline, and it stays down meanwhile", async () => {
    const { clock, store, shared, logs } = await inUse();
    store.mode = 'down';
    await shared.attempt((s) => s.get('k'));
    store.mode = 'frozen';
    await clock.advance(250); // the probe asks; no answer
    await clock.advance(499);
    expect(shared.isUp).toBe(false);
    await clock.advance(1); // its read gave up: the next probe comes 250 ms later
    expect(store.sent).toEqual(['get', 'get']);
    await clock.advance(250);
    expect(store.sent).toEqual(['get', 'get', 'get']);
    store.thaw();
    await clock.advance(250);
    expect(shared.isUp).toBe(true);
    expect(logs.map((event) => event.code)).toEqual(['LOGIN_STORE_UNAVAILABLE', 'LOGIN_STORE_RECOVERED']);
  });

  it('a lost connection marks the store down at once; lost again while down, nothing changes', async () => {
    const { clock, store, shared, logs } = await inUse();
    await clock.advance(1_000);
    const lostAt = clock.now();
    store.wipe();
    expect([shared.isUp, shared.downSince]).toEqual([false, lostAt]);
    await clock.advance(100);
    store.wipe();
    expect([shared.downSince, shared.lastTroubleAt]).toEqual([lostAt, lostAt]);
    expect(logs).toEqual([
      { level: 'warn', code: 'LOGIN_STORE_UNAVAILABLE', message: UNAVAILABLE('the connection was lost') },
    ]);
  });
});

describe("SharedStore: the store's epoch (a store that lost its data)", () => {
  it('lost with the connection: back, sessions issued before it went down no longer count', async () => {
    const { clock, shared, store, logs } = await inUse();
    await clock.advance(60_000);
    const lostAt = clock.now();
    store.wipe();
    await clock.advance(250);
    expect(shared.isUp).toBe(true);
    expect(shared.sessionsValidFrom).toBe(lostAt);
    expect(await store.peek(keys.epoch())).toMatch(new RegExp(`^${lostAt}\\.`));
    expect(logs.map((event) => event.code)).toEqual([
      'LOGIN_STORE_UNAVAILABLE',
      'LOGIN_STORE_DATA_LOST',
      'LOGIN_STORE_RECOVERED',
    ]);
  });

  it('lost unnoticed (a store that cannot report its connection): found within 10 s, while the store stays up', async () => {
    const { clock, shared, store, logs } = await inUse({ store: withoutNotice });
    const start = clock.now();
    await clock.advance(3_000);
    store.wipe();
    expect(shared.isUp).toBe(true);
    await clock.advance(6_999);
    expect([store.sent, shared.sessionsValidFrom]).toEqual([[], 0]);
    await clock.advance(1);
    expect(store.sent).toEqual(['get', 'add', 'get']);
    expect(shared.sessionsValidFrom).toBe(start + 10_000);
    expect([shared.isUp, logs.map((event) => event.code)]).toEqual([true, ['LOGIN_STORE_DATA_LOST']]);
    await clock.advance(10_000);
    expect(store.sent).toEqual(['get', 'add', 'get', 'get']); // and checked again every 10 s
  });

  it('the 10 s check finds a frozen store: down, as a timeout; while down only the probe asks', async () => {
    const { clock, shared, store, logs } = await inUse();
    const start = clock.now();
    store.mode = 'frozen';
    await clock.advance(10_499);
    expect(shared.isUp).toBe(true);
    await clock.advance(1);
    expect([shared.isUp, shared.downSince, reasonOf(logs)]).toEqual([false, start + 10_500, 'a timeout']);
    store.thaw();
    store.mode = 'down';
    store.sent.length = 0;
    await clock.advance(10_000); // probes at +250, +500, …; the 10 s check skips a store known down
    expect(store.sent).toEqual(Array(40).fill('get'));
  });
});

describe('SharedStore: the 10 s check names what failed', () => {
  it('an epoch overwritten with something the kit never wrote: down, and the warning says so', async () => {
    const { clock, shared, store, logs } = await inUse();
    await store.set(keys.epoch(), 'not an epoch', 3600);
    await clock.advance(10_000);
    expect([shared.isUp, shared.downSince]).toEqual([false, clock.now()]);
    expect(logs).toEqual([
      {
        level: 'warn',
        code: 'LOGIN_STORE_UNAVAILABLE',
        message: UNAVAILABLE('its epoch is not one the kit wrote'),
      },
    ]);
  });

  it('a store that answers the check with an error is down, the warning naming the error by its kind', async () => {
    const { clock, shared, store, logs } = await inUse();
    store.mode = 'down';
    await clock.advance(10_000);
    expect([shared.isUp, shared.downSince]).toEqual([false, clock.now()]);
    expect(logs).toEqual([
      {
        level: 'warn',
        code: 'LOGIN_STORE_UNAVAILABLE',
        message: UNAVAILABLE('Error "Socket closed unexpectedly"'),
      },
    ]);
  });
});

describe('SharedStore: a busy event loop is not a failed store', () => {
  it('a timer that fires late gives the store its whole time again from then', async () => {
    const { clock, store, shared } = await inUse({ clock: new StallingClock() });
    const start = clock.now();
    store.mode = 'frozen';
    const call = track(shared.attempt((s) => s.get('k')));
    clock.stall(1_000); // a GC pause, a CPU-bound request
    await clock.advance(500); // the deadline's timer fires 1 s late: 500 ms more from now
    expect([call.value, clock.now()]).toEqual([undefined, start + 1_500]);
    await clock.advance(499);
    expect(call.value).toBeUndefined();
    await clock.advance(1);
    expect([call.value, shared.downSince]).toStrictEqual([{ ok: false }, start + 2_000]);
    store.thaw();
  });

  it('the answer that comes after a stall is taken, and the store stays up', async () => {
    const { clock, store, shared, logs } = await inUse({ clock: new StallingClock() });
    store.mode = 'frozen';
    const call = track(shared.attempt((s) => s.get('k')));
    clock.stall(1_000);
    await clock.advance(500);
    store.thaw();
    await settle();
    expect(call.value).toStrictEqual({ ok: true, value: 'v' });
    expect([shared.isUp, logs]).toEqual([true, []]);
  });

  it('20 ms late is on time (no time given back); 21 ms is a stall', async () => {
    const onTime = await inUse({ clock: new StallingClock() });
    onTime.store.mode = 'frozen';
    const first = track(onTime.shared.attempt((s) => s.get('k')));
    onTime.clock.stall(20);
    await onTime.clock.advance(500);
    expect(first.value).toStrictEqual({ ok: false });
    onTime.store.thaw();

    const late = await inUse({ clock: new StallingClock() });
    late.store.mode = 'frozen';
    const second = track(late.shared.attempt((s) => s.get('k')));
    late.clock.stall(21);
    await late.clock.advance(500);
    expect(second.value).toBeUndefined();
    await late.clock.advance(500);
    expect(second.value).toStrictEqual({ ok: false });
    late.store.thaw();
  });

  it('stalls give back at most 5 s in all', async () => {
    const { clock, store, shared } = await inUse({ clock: new StallingClock() });
    const start = clock.now();
    store.mode = 'frozen';
    const call = track(shared.attempt((s) => s.get('k')));
    clock.stall(4_000);
    await clock.advance(500); // 4.5 s given: the deadline is now start + 5 s
    expect(call.value).toBeUndefined();
    clock.stall(1_000);
    await clock.advance(500); // only 0.5 s left to give: already past
    expect([call.value, clock.now()]).toStrictEqual([{ ok: false }, start + 6_000]);
    store.thaw();
  });

  it('an answer that arrived while the loop was busy is read before the deadline counts as missed', async () => {
    const { clock, store, shared, logs } = await inUse({ clock: new StallingClock() });
    store.mode = 'frozen';
    const call = track(shared.attempt((s) => s.get('k')));
    clock.stall(20, () => store.thaw()); // no time given back, but the answer is there
    await clock.advance(500);
    expect(call.value).toStrictEqual({ ok: true, value: 'v' });
    expect([shared.isUp, logs]).toEqual([true, []]);
  });
});
