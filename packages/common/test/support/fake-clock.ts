import { afterEach, beforeEach, vi } from 'vitest';

/** Freezes the clock (timers and `Date`) for every test of the file. */
export function useFakeClock(): void {
  beforeEach(() => {
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
      now: new Date('2026-11-23T12:00:00Z'),
    });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** Advances the fake clock in 100 ms steps until `promise` settles (at most `maxSeconds`), then returns it. */
export async function advanceUntilSettled<T>(promise: Promise<T>, maxSeconds = 600): Promise<T> {
  let settled = false;
  promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (let step = 0; step < maxSeconds * 10 && !settled; step++) await vi.advanceTimersByTimeAsync(100);
  return promise;
}

/** Milliseconds between consecutive timestamps, starting from `start`. */
export function gapsBetween(start: number, timestamps: readonly number[]): number[] {
  return timestamps.map((at, index) => at - (index === 0 ? start : (timestamps[index - 1] ?? start)));
}
