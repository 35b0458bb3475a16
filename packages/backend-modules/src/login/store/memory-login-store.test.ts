import { describe, expect, it } from 'vitest';
import { describeLoginStoreContract } from '../../../test/support/login-store-contract.js';
import { MemoryLoginStore } from './memory-login-store.js';

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
