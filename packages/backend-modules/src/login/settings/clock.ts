/**
 * The kit's sense of time: every deadline, expiry, window and wait goes through one `Clock`, so the
 * kit's tests move time themselves instead of sleeping (see `test/support/manual-clock.ts`).
 *
 * @example
 * const clock: Clock = systemClock;
 * const inOneMinute = clock.now() + 60_000;
 * const cancel = clock.after(500, () => giveUp());
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` after `ms` milliseconds, unless the returned function cancels it first. */
  after(ms: number, callback: () => void): () => void;
  /**
   * Resolves after `ms` milliseconds, or at once when `signal` aborts (never rejects). The timer
   * does not keep the process alive.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** `sleep` over a clock's `after`: no AbortController, no error object, for the hot paths. */
export function sleepOn(after: Clock['after'], ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((done) => {
    if (signal?.aborted) return done();
    const finish = () => {
      cancel();
      signal?.removeEventListener('abort', finish);
      done();
    };
    const cancel = after(ms, finish);
    signal?.addEventListener('abort', finish, { once: true });
  });
}

function after(ms: number, callback: () => void): () => void {
  const timer = setTimeout(callback, Math.max(0, ms));
  timer.unref?.();
  return () => clearTimeout(timer);
}

/** The real clock: `Date.now()` and `setTimeout`, its timers not keeping the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  after,
  sleep: (ms, signal) => sleepOn(after, ms, signal),
};

/** Whole seconds since the epoch on `clock` (JWT and cookie times). */
export function secondsOf(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}
