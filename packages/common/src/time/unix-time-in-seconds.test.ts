import { afterEach, describe, expect, it, vi } from 'vitest';
import { unixTimeInSeconds } from './unix-time-in-seconds.js';

describe('unixTimeInSeconds', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('returns whole seconds since the epoch, plus the offset', () => {
    vi.useFakeTimers({ now: 1_900_000_000_999 });
    expect(unixTimeInSeconds()).toBe(1_900_000_000);
    expect(unixTimeInSeconds(300)).toBe(1_900_000_300);
    expect(unixTimeInSeconds(-60)).toBe(1_899_999_940);
  });
});
