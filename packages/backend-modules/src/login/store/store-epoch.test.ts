import { describe, expect, it } from 'vitest';
import { FaultyStore } from '../../../test/support/faulty-store.js';
import { ManualClock } from '../../../test/support/manual-clock.js';
import type { KitLog } from '../settings/kit-log.js';
import type { StoreCall } from './shared-store.js';
import { StoreEpoch } from './store-epoch.js';
import { StoreKeys } from './store-keys.js';

const keys = new StoreKeys(new Uint8Array(32).fill(7));
const KEY = keys.epoch();
const TEN_YEARS_MS = 10 * 365 * 86_400_000;
const DATA_LOST = [
  'warn',
  'LOGIN_STORE_DATA_LOST',
  'login kit: the store lost its data (restarted without persistence?); sessions issued before then are refused, as their logouts may be gone',
];

/** One shared store on the manual clock, and the kit instances that check its epoch. */
function world() {
  const clock = new ManualClock(1_000);
  const store = new FaultyStore(() => clock.now());
  /** Which store calls fail (by their number, from 1, counted per `call`) without reaching it. */
  const failing = new Set<number>();
  let calls = 0;
  const call: StoreCall = async (operation) => {
    calls += 1;
    if (failing.has(calls)) return { ok: false };
    try {
      return { ok: true, value: await operation(store) };
    } catch {
      return { ok: false };
    }
  };
  const logs: unknown[][] = [];
  const instance = () => {
    const log: KitLog = (...event) => logs.push(event);
    return new StoreEpoch(keys, clock, log);
  };
  /** The next check's calls numbered `numbers` (1: the first of that check) fail. */
  const failNext = (...numbers: number[]) => {
    for (const number of numbers) failing.add(calls + number);
  };
  return { clock, store, call, logs, instance, failNext };
}

const idOf = (value: string | null) => value?.split('.')[1];

describe('StoreEpoch', () => {
  it('a new store gets an epoch with a random id, valid from 0: every session it will know of counts', async () => {
    const { store, call, instance, logs } = world();
    const epoch = instance();
    expect([epoch.known, epoch.validFrom]).toEqual([false, 0]);
    expect(await epoch.check(call, undefined)).toBe(true);
    expect([epoch.known, epoch.validFrom]).toEqual([true, 0]);
    expect(await store.peek(KEY)).toMatch(/^0\.[\w-]{16}$/);
    expect(store.sent).toEqual(['get', 'add', 'get']);
    expect(logs).toEqual([]);
    const other = world();
    await other.instance().check(other.call, undefined);
    expect(idOf(await other.store.peek(KEY))).not.toBe(idOf(await store.peek(KEY)));
  });

  it('an instance that comes later takes the epoch it finds, and rechecks only read it', async () => {
    const { store, call, instance, logs, clock } = world();
    await store.set(KEY, '5000.first-epoch-id', 60);
    store.sent.length = 0;
    const epoch = instance();
    expect(await epoch.check(call, undefined)).toBe(true);
    expect([epoch.known, epoch.validFrom]).toEqual([true, 5000]);
    await clock.advance(10_000);
    expect(await epoch.check(call, undefined)).toBe(true);
    expect(epoch.validFrom).toBe(5000);
    expect(store.sent).toEqual(['get', 'get']);
    expect(await store.peek(KEY)).toBe('5000.first-epoch-id');
    expect(logs).toEqual([]);
  });

  it('the epoch lives ten years, as the data it stands for', async () => {
    const { store, call, instance, clock } = world();
    await instance().check(call, undefined);
    const first = await store.peek(KEY);
    await clock.advance(TEN_YEARS_MS - 1);
    expect(await store.peek(KEY)).toBe(first);
    await clock.advance(1);
    expect(await store.peek(KEY)).toBeNull();
  });

  it('a store that lost its data: sessions from before count no more, from when the store was found down', async () => {
    const { store, call, instance, logs, clock } = world();
    const epoch = instance();
    await epoch.check(call, undefined);
    const before = await store.peek(KEY);
    await clock.advance(4_000);
    store.wipe();
    expect(await epoch.check(call, 3_000)).toBe(true);
    expect(epoch.validFrom).toBe(3_000);
    const after = await store.peek(KEY);
    expect(after).toMatch(/^3000\.[\w-]{16}$/);
    expect(idOf(after)).not.toBe(idOf(before));
    expect(logs).toEqual([DATA_LOST]);
  });

  it('a loss seen without the store going down (a restart between two checks) counts from the check that saw it', async () => {
    const { store, call, instance, logs, clock } = world();
    const epoch = instance();
    await epoch.check(call, undefined);
    await clock.advance(10_000);
    store.wipe();
    expect(await epoch.check(call, undefined)).toBe(true);
    expect(epoch.validFrom).toBe(11_000);
    expect(await store.peek(KEY)).toMatch(/^11000\.[\w-]{16}$/);
    expect(logs).toEqual([DATA_LOST]);
    // the new epoch's ten years start now
    await clock.advance(TEN_YEARS_MS - 1);
    expect(await store.peek(KEY)).toMatch(/^11000\./);
  });

  it('an instance that saw the old data raises the epoch a newcomer made after the loss, for every instance', async () => {
    const { store, call, instance, logs, clock } = world();
    const old = instance();
    await old.check(call, undefined); // at 1000
    await clock.advance(2_000);
    store.wipe();
    const newcomer = instance();
    await newcomer.check(call, undefined); // cannot tell: takes the store as new
    expect(newcomer.validFrom).toBe(0);
    const id = idOf(await store.peek(KEY));
    await clock.advance(2_000);
    expect(await old.check(call, 2_500)).toBe(true);
    expect(old.validFrom).toBe(2_500);
    expect(await store.peek(KEY)).toBe(`2500.${id}`);
    expect(logs).toEqual([DATA_LOST]);
    await newcomer.check(call, undefined);
    expect(newcomer.validFrom).toBe(2_500);
    // the raised epoch lives ten years too
    await clock.advance(TEN_YEARS_MS - 1);
    expect(await store.peek(KEY)).toBe(`2500.${id}`);
  });

  it('without knowing when the store went down, the raise counts from now', async () => {
    const { store, call, instance, clock } = world();
    const old = instance();
    await old.check(call, undefined);
    store.wipe();
    await instance().check(call, undefined);
    const id = idOf(await store.peek(KEY));
    await clock.advance(7_000);
    expect(await old.check(call, undefined)).toBe(true);
    expect([old.validFrom, await store.peek(KEY)]).toEqual([8_000, `8000.${id}`]);
  });

  it('an epoch another instance already moved past this one last look stays as it is', async () => {
    const { store, call, instance, logs, clock } = world();
    const late = instance();
    await late.check(call, undefined); // looked at 1000
    await clock.advance(4_000);
    store.wipe();
    await store.set(KEY, '2000.moved-by-another', 60); // another instance found the store down at 2000
    store.sent.length = 0;
    expect(await late.check(call, 4_000)).toBe(true);
    expect(late.validFrom).toBe(2_000);
    expect(await store.peek(KEY)).toBe('2000.moved-by-another');
    expect(store.sent).not.toContain('set');
    expect(logs).toEqual([DATA_LOST]);
  });

  it('an epoch moved to exactly this instance last look is already past it', async () => {
    const { store, call, instance, clock } = world();
    const late = instance();
    await late.check(call, undefined); // looked at 1000
    await clock.advance(4_000);
    store.wipe();
    await store.set(KEY, '1000.moved-by-another', 60);
    expect(await late.check(call, 4_000)).toBe(true);
    expect([late.validFrom, await store.peek(KEY)]).toEqual([1_000, '1000.moved-by-another']);
  });

  it('an epoch older than this instance last look but already as late as its loss is not written again', async () => {
    const { store, call, instance, clock } = world();
    const late = instance();
    await clock.advance(4_000);
    await late.check(call, undefined); // looked at 5000
    store.wipe();
    await store.set(KEY, '3000.moved-by-another', 60);
    await clock.advance(1_000);
    store.sent.length = 0;
    expect(await late.check(call, 3_000)).toBe(true);
    expect([late.validFrom, await store.peek(KEY)]).toEqual([3_000, '3000.moved-by-another']);
    expect(store.sent).toEqual(['get']);
  });

  it('an epoch never moves back, even for an instance whose clock is behind the one that moved it', async () => {
    const { store, call, instance, clock } = world();
    await store.set(KEY, '50000.ahead-of-this-clock', 60); // set by an instance with a clock ahead
    const behind = instance();
    await behind.check(call, undefined);
    expect(behind.validFrom).toBe(50_000);
    await clock.advance(1_000);
    store.wipe();
    await instance().check(call, undefined); // a newcomer: valid from 0
    const id = idOf(await store.peek(KEY));
    await clock.advance(1_000);
    expect(await behind.check(call, 2_500)).toBe(true);
    expect([behind.validFrom, await store.peek(KEY)]).toEqual([50_000, `50000.${id}`]);
    // nor does this instance's own bound, whatever the store says later
    await store.set(KEY, `40000.${id}`, 60);
    expect(await behind.check(call, undefined)).toBe(true);
    expect(behind.validFrom).toBe(50_000);
  });

  it('two instances that find the store new at once agree on one epoch', async () => {
    const { store, call, instance } = world();
    const [a, b] = [instance(), instance()];
    expect(await Promise.all([a.check(call, undefined), b.check(call, undefined)])).toEqual([true, true]);
    expect(store.sent.filter((name) => name === 'add')).toHaveLength(2);
    store.wipe();
    await a.check(call, 9_000);
    // a's new epoch stands for both: b saw the same old one
    expect(await b.check(call, undefined)).toBe(true);
    expect([a.validFrom, b.validFrom]).toEqual([9_000, 9_000]);
  });

  it.each([
    ['the first read', [1], []],
    ['the creation', [2], ['get']],
    ['the read after the creation', [3], ['get', 'add']],
  ])('a store that does not answer %s: the check fails and nothing is known', async (_, fail, sent) => {
    const { store, call, instance, failNext } = world();
    const epoch = instance();
    failNext(...fail);
    expect(await epoch.check(call, undefined)).toBe(false);
    expect([epoch.known, epoch.validFrom]).toEqual([false, 0]);
    expect(store.sent).toEqual(sent);
  });

  it('a store that does not take the raised epoch: the check fails and the instance keeps its bound', async () => {
    const { store, call, instance, clock, failNext, logs } = world();
    const old = instance();
    await old.check(call, undefined);
    store.wipe();
    await instance().check(call, undefined);
    const newEpoch = await store.peek(KEY);
    await clock.advance(2_000);
    failNext(2); // the read answers, the raise does not
    expect(await old.check(call, 2_000)).toBe(false);
    expect(old.validFrom).toBe(0);
    expect(await store.peek(KEY)).toBe(newEpoch);
    expect(logs).toEqual([]);
    // the next check raises it
    expect(await old.check(call, 2_000)).toBe(true);
    expect([old.validFrom, await store.peek(KEY)]).toEqual([2_000, `2000.${idOf(newEpoch)}`]);
  });

  it.each([
    ['letters for the time', 'x1000.abcdefgh'],
    ['more after the id', '1000.abcdefgh!'],
    ['a time of 17 digits', `${'1'.repeat(17)}.abcdefgh`],
    ['an id of 7 characters', '1000.abcdefg'],
    ['an id of 65 characters', `1000.${'a'.repeat(65)}`],
    ['an id with a dot', '1000.abcd.efgh'],
    ['no id', '1000'],
  ])('what is not an epoch (%s) is never taken for one, nor overwritten', async (_, value) => {
    const { store, call, instance } = world();
    await store.set(KEY, value, 60);
    const epoch = instance();
    expect(await epoch.check(call, undefined)).toBe(false);
    expect([epoch.known, epoch.validFrom, await store.peek(KEY)]).toEqual([false, 0, value]);
  });

  it.each([
    ['a time of 16 digits and an id of 8', `1${'0'.repeat(15)}.ab_d-fgh`, 1e15],
    ['an id of 64 characters', `7.${'Z'.repeat(64)}`, 7],
  ])('an epoch at the edges of its form is read (%s)', async (_, value, validFrom) => {
    const { store, call, instance } = world();
    await store.set(KEY, value, 60);
    const epoch = instance();
    expect(await epoch.check(call, undefined)).toBe(true);
    expect([epoch.known, epoch.validFrom]).toEqual([true, validFrom]);
  });
});
