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

  it('holds at most maxEntries, dropping the oldest, so a flood of new keys cannot exhaust memory', async () => {
    const store = new MemoryLoginStore({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c', 'd']) await store.set(key, key, 60);
    expect(await Promise.all(['a', 'b', 'c', 'd'].map((key) => store.get(key)))).toEqual([
      null,
      'b',
      'c',
      'd',
    ]);
  });
});
