import { describe, expect, it } from 'vitest';
import { ManualClock, settle } from '../../../test/support/manual-clock.js';
import { PingWaiters } from './ping-waiters.js';

describe('PingWaiters', () => {
  it('a wait ends after its time, and leaves nothing behind', async () => {
    const clock = new ManualClock();
    const waiters = new PingWaiters(clock);
    let ended = false;
    void waiters.wait('d1', 1_000, undefined).then(() => (ended = true));
    await clock.advance(999);
    expect([ended, waiters.size]).toEqual([false, 1]);
    await clock.advance(1);
    expect([ended, waiters.size, clock.sleeping]).toEqual([true, 0, 0]);
  });

  it('waking a login ends every wait for it at once, and none for another', async () => {
    const clock = new ManualClock();
    const waiters = new PingWaiters(clock);
    const ended: string[] = [];
    void waiters.wait('d1', 8_000, undefined).then(() => ended.push('a'));
    void waiters.wait('d1', 8_000, undefined).then(() => ended.push('b'));
    void waiters.wait('d2', 8_000, undefined).then(() => ended.push('c'));
    waiters.wake('d1');
    await settle();
    expect(ended.sort()).toEqual(['a', 'b']);
    expect([waiters.size, clock.sleeping]).toEqual([1, 1]);
    waiters.wake('d1'); // nothing left to wake
    waiters.wake('d2');
    await settle();
    expect([ended.sort(), waiters.size, clock.sleeping]).toEqual([['a', 'b', 'c'], 0, 0]);
  });

  it('a browser that leaves ends its wait, and only its own; one that left already does not wait', async () => {
    const clock = new ManualClock();
    const waiters = new PingWaiters(clock);
    const leaving = new AbortController();
    const ended: string[] = [];
    void waiters.wait('d1', 8_000, leaving.signal).then(() => ended.push('leaving'));
    void waiters.wait('d1', 8_000, new AbortController().signal).then(() => ended.push('staying'));
    leaving.abort();
    await settle();
    expect([ended, waiters.size, clock.sleeping]).toEqual([['leaving'], 1, 1]);
    const gone = new AbortController();
    gone.abort();
    await waiters.wait('d3', 8_000, gone.signal);
    expect(waiters.size).toBe(1);
  });

  it('a wait woken removes its abort listener from the browser’s signal', async () => {
    const clock = new ManualClock();
    const waiters = new PingWaiters(clock);
    const signal = new AbortController().signal;
    let listeners = 0;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((type: string, listener: () => void, options?: unknown) => {
      if (type === 'abort') listeners += 1;
      add(type as 'abort', listener, options as AddEventListenerOptions);
    }) as typeof signal.addEventListener;
    signal.removeEventListener = ((type: string, listener: () => void) => {
      if (type === 'abort') listeners -= 1;
      remove(type as 'abort', listener);
    }) as typeof signal.removeEventListener;
    const waiting = waiters.wait('d1', 8_000, signal);
    expect(listeners).toBe(1);
    waiters.wake('d1');
    await waiting;
    expect(listeners).toBe(0);
  });
});
