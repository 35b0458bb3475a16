import { describe, expect, it } from 'vitest';
import { MemoryLoginStore } from './login-store.js';

describe('MemoryLoginStore', () => {
  it('counts within a window and starts again after it', async () => {
    let now = 0;
    const store = new MemoryLoginStore({ now: () => now });
    expect([await store.increment('k', 10), await store.increment('k', 10)]).toEqual([1, 2]);
    now = 10_000;
    expect(await store.increment('k', 10)).toBe(1);
  });

  it('forgets a value after its ttl', async () => {
    let now = 0;
    const store = new MemoryLoginStore({ now: () => now });
    await store.set('k', 'v', 5);
    expect(await store.get('k')).toBe('v');
    now = 5_000;
    expect(await store.get('k')).toBeNull();
  });

  it('caps counters per kind, oldest first, so a flood of new addresses cannot exhaust memory nor push out user counters', async () => {
    const store = new MemoryLoginStore({ maxCountersPerKind: 10 });
    await store.increment('ones:rl:start-user:1:victim', 300);
    for (let index = 0; index < 100; index += 1)
      await store.increment(`ones:rl:start-address:1:a${index}`, 60);
    expect(await store.increment('ones:rl:start-user:1:victim', 300)).toBe(2);
    expect(await store.increment('ones:rl:start-address:1:a99', 60)).toBe(2);
    expect(await store.increment('ones:rl:start-address:1:a0', 60)).toBe(1);
  });

  it('never drops a stored value before it expires, however many counters come', async () => {
    const store = new MemoryLoginStore({ maxCountersPerKind: 10 });
    await store.set('ones:logout:sid-1', '1', 3600);
    for (let index = 0; index < 1000; index += 1)
      await store.increment(`ones:rl:request-address:1:a${index}`, 60);
    expect(await store.get('ones:logout:sid-1')).toBe('1');
  });

  it('add stores only when nothing is there (a lock)', async () => {
    let now = 0;
    const store = new MemoryLoginStore({ now: () => now });
    expect([await store.add('lock', 'a', 1), await store.add('lock', 'b', 1)]).toEqual([true, false]);
    expect(await store.get('lock')).toBe('a');
    now = 1000;
    expect(await store.add('lock', 'c', 1)).toBe(true);
  });
});
