import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { describeLoginStoreContract } from '../../../test/support/login-store-contract.js';
import { MemoryLoginStore } from './memory-login-store.js';

/** The heap in use after a full collection, in megabytes. */
function heapMb(): number {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** A megabyte string of its own, flat (a padded string is a rope of shared pieces, a few bytes). */
const megabyte = (label: string): string => JSON.parse(JSON.stringify(label.padEnd(2 ** 20, '.')));

describe('MemoryLoginStore', () => {
  it('counts within a window and starts again after it', async () => {
    let now = 0;
    const store = new MemoryLoginStore({ now: () => now });
    expect([await store.increment('k', 10), await store.increment('k', 10)]).toEqual([1, 2]);
    now = 9_999;
    expect(await store.increment('k', 10)).toBe(3);
    now = 10_000;
    expect(await store.increment('k', 10)).toBe(1);
  });

  it('counts a field of a group until the group ends, each field on its own', async () => {
    let now = 0;
    const store = new MemoryLoginStore({ now: () => now });
    expect(await store.incrementField('g1', 'a', 60_000)).toBe(1);
    expect(await store.incrementField('g1', 'a', 60_000)).toBe(2);
    expect(await store.incrementField('g1', 'b', 60_000)).toBe(1);
    expect(await store.incrementField('g2', 'a', 60_000)).toBe(1);
    now = 59_999;
    expect(await store.incrementField('g1', 'a', 60_000)).toBe(3);
    now = 60_000;
    expect(await store.incrementField('g1', 'a', 120_000)).toBe(1);
  });

  it("plain counters and a group's fields never share counts, whatever the group's name", async () => {
    let now = 0;
    const store = new MemoryLoginStore({ now: () => now });
    expect(await store.incrementField('', 'k', 1_000)).toBe(1);
    expect(await store.increment('k', 60)).toBe(1);
    now = 1_000; // the group '' ended: the plain counter lives on in its own window
    expect(await store.increment('k', 60)).toBe(2);
    expect(await store.incrementField('', 'k', 2_000)).toBe(1);
  });

  it('forgets a value after its ttl, fractional seconds included', async () => {
    let now = 0;
    const store = new MemoryLoginStore({ now: () => now });
    await store.set('k', 'v', 5);
    await store.set('short', 'v', 0.25);
    now = 249;
    expect([await store.get('k'), await store.get('short')]).toEqual(['v', 'v']);
    now = 250;
    expect(await store.get('short')).toBeNull();
    now = 5_000;
    expect(await store.get('k')).toBeNull();
  });

  it('caps counters per group, least recently used first, so a flood of new addresses cannot exhaust memory nor push out user counters', async () => {
    const store = new MemoryLoginStore({ maxCountersPerKind: 10 });
    const end = Date.now() + 300_000;
    await store.incrementField('ones:rl:start-user:1', 'victim', end);
    for (let index = 0; index < 100; index += 1)
      await store.incrementField('ones:rl:start-address:1', `a${index}`, end);
    expect(await store.incrementField('ones:rl:start-user:1', 'victim', end)).toBe(2);
    expect(await store.incrementField('ones:rl:start-address:1', 'a99', end)).toBe(2);
    expect(await store.incrementField('ones:rl:start-address:1', 'a0', end)).toBe(1);
  });

  it('a counter in use outlives a flood of new ones in its own group', async () => {
    const store = new MemoryLoginStore({ maxCountersPerKind: 10 });
    const end = Date.now() + 300_000;
    for (let index = 0; index < 100; index += 1) {
      await store.incrementField('g', 'victim', end);
      await store.incrementField('g', `flood${index}`, end);
    }
    expect(await store.incrementField('g', 'victim', end)).toBe(101);
  });

  it('when the counters are full, the expired ones go first, to the millisecond, and a live one stays', async () => {
    let now = 0;
    const store = new MemoryLoginStore({ maxCountersPerKind: 10, now: () => now });
    await store.increment('kept', 60);
    for (let index = 0; index < 9; index += 1) await store.increment(`short-${index}`, 1);
    now = 1_000;
    expect(await store.increment('new', 60)).toBe(1);
    expect(await store.increment('kept', 60)).toBe(2);
    expect(await store.increment('short-0', 1)).toBe(1);
  });

  it('keeps exactly maxCountersPerKind counters: one more pushes out the least recently used tenth, and only it', async () => {
    const store = new MemoryLoginStore({ maxCountersPerKind: 20 });
    const end = Date.now() + 300_000;
    for (let index = 0; index < 20; index += 1) await store.incrementField('g', `c${index}`, end);
    await store.incrementField('g', 'c20', end);
    const survivors = [];
    for (let index = 2; index <= 20; index += 1)
      survivors.push(await store.incrementField('g', `c${index}`, end));
    expect(survivors).toEqual(Array.from({ length: 19 }, () => 2));
    expect(await store.incrementField('g', 'c0', end)).toBe(1);
    expect(await store.incrementField('g', 'c1', end)).toBe(1);
  });

  it('a group counted again after its end lasts until its new end, however many groups come and go', async () => {
    let now = 0;
    const store = new MemoryLoginStore({ now: () => now });
    expect(await store.incrementField('g', 'a', 1_000)).toBe(1);
    now = 1_000;
    expect(await store.incrementField('g', 'a', 5_000)).toBe(1);
    for (let index = 0; index < 70; index += 1) await store.incrementField(`other-${index}`, 'a', 5_000);
    expect(await store.incrementField('g', 'a', 5_000)).toBe(2);
  });

  it('many groups at once: none is lost while it lasts', async () => {
    const store = new MemoryLoginStore({ now: () => 0 });
    for (let index = 0; index < 70; index += 1) await store.incrementField(`g${index}`, 'a', 60_000);
    const counts = [];
    for (let index = 0; index < 70; index += 1)
      counts.push(await store.incrementField(`g${index}`, 'a', 60_000));
    expect(counts).toEqual(Array.from({ length: 70 }, () => 2));
  });

  it('frees expired values: at the sweep a minute after the last one, to the millisecond, and when read', async () => {
    let now = 0;
    const store = new MemoryLoginStore({ now: () => now });
    await store.set('first', 'v', 3600); // the first sweep
    const before = heapMb();
    now = 1;
    for (let index = 0; index < 24; index += 1) await store.set(`big-${index}`, megabyte(`${index}`), 59.999);
    for (let index = 0; index < 8; index += 1) await store.set(`read-${index}`, megabyte(`r${index}`), 1);
    expect(heapMb() - before).toBeGreaterThan(28);
    now = 1_001;
    for (let index = 0; index < 8; index += 1) expect(await store.get(`read-${index}`)).toBeNull();
    expect(heapMb() - before).toBeLessThan(26);
    now = 60_000; // the values expire, the next sweep is due
    await store.set('second', 'v', 3600);
    expect(heapMb() - before).toBeLessThan(4);
    expect(await store.get('first')).toBe('v');
  });

  it('frees the counters of groups that ended, to the millisecond, once there are more than 64 groups', async () => {
    let now = 0;
    const store = new MemoryLoginStore({ now: () => now });
    const before = heapMb();
    for (let index = 0; index < 65; index += 1)
      await store.incrementField(`ended-${index}`, index < 32 ? megabyte(`${index}`) : 'small', 1_000);
    expect(heapMb() - before).toBeGreaterThan(28);
    now = 1_000;
    expect(await store.incrementField('new', 'a', 60_000)).toBe(1);
    expect(heapMb() - before).toBeLessThan(4);
    expect(await store.incrementField('new', 'a', 60_000)).toBe(2); // the store in use all along
  });

  it('publishing on a channel nobody listens to reaches no one, and fails nothing', async () => {
    const store = new MemoryLoginStore();
    const heard: string[] = [];
    await store.subscribe('c1', (message) => heard.push(message));
    await store.publish('nobody', 'hello');
    await new Promise((done) => setImmediate(done));
    expect(heard).toEqual([]);
  });

  it('never drops a stored value before it expires, however many counters come', async () => {
    const store = new MemoryLoginStore({ maxCountersPerKind: 10 });
    await store.set('ones:logout:sid-1', '1', 3600);
    for (let index = 0; index < 1000; index += 1) await store.increment(`a${index}`, 60);
    expect(await store.get('ones:logout:sid-1')).toBe('1');
  });

  it('add stores only when nothing is there (a lock); delete frees it', async () => {
    let now = 0;
    const store = new MemoryLoginStore({ now: () => now });
    expect([await store.add('lock', 'a', 1), await store.add('lock', 'b', 1)]).toEqual([true, false]);
    expect(await store.get('lock')).toBe('a');
    now = 1000;
    expect(await store.add('lock', 'c', 1)).toBe(true);
    await store.delete('lock');
    expect(await store.add('lock', 'd', 1)).toBe(true);
  });

  it('publishes to the subscribers of a channel, and to no other', async () => {
    const store = new MemoryLoginStore();
    const heard: string[] = [];
    await store.subscribe('c1', (message) => heard.push(`c1:${message}`));
    await store.subscribe('c2', (message) => heard.push(`c2:${message}`));
    await store.publish('c1', 'hello');
    await new Promise((done) => setImmediate(done));
    expect(heard).toEqual(['c1:hello']);
  });
});

describeLoginStoreContract('MemoryLoginStore', () => {
  let now = Date.now();
  const store = new MemoryLoginStore({ now: () => now });
  return {
    store,
    pass: async (ms) => {
      now += ms;
    },
  };
});
