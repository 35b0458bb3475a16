/**
 * The kit's sense of time: every deadline, expiry, window and wait goes through one `Clock`, so the
 * kit's tests move time themselves instead of sleeping (see `test/support/manual-clock.ts`).
 *
 * @example
 * const clock: Clock = systemClock;
 * const inOneMinute = clock.now() + 60_000;
 * await clock.sleep(250, request.signal);
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds, or at once when `signal` aborts (never rejects). The timer
   * does not keep the process alive.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((done) => {
      if (signal?.aborted) return done();
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        done();
      };
      const timer = setTimeout(finish, Math.max(0, ms));
      timer.unref?.();
      signal?.addEventListener('abort', finish, { once: true });
    }),
};

/** Whole seconds since the epoch on `clock` (JWT and cookie times). */
export function secondsOf(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}
