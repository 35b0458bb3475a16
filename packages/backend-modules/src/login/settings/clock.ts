/**
 * The kit's sense of time: every deadline, expiry, window and wait goes through one `Clock`, so the
 * kit's tests move time themselves instead of sleeping (see `test/support/manual-clock.ts`).
 *
 * @example
 * const clock: Clock = systemClock;
 * const inOneMinute = clock.now() + 60_000;
 * const cancel = clock.after(500, () => giveUp());
 * await clock.idle(10_000); // a background loop's wait
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Calls `callback` after `ms` milliseconds, unless the returned function cancels it first. The
   * timer keeps the process alive: a request is waiting on it (a script calling `login.fetch` with
   * no server around must still get its answer).
   */
  after(ms: number, callback: () => void): () => void;
  /** Resolves after `ms` milliseconds, or at once when `signal` aborts (never rejects); as `after`. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Resolves after `ms` milliseconds without keeping the process alive: for the kit's own loops
   * (the store's probe and epoch watch), which must never hold a process that has nothing else to do.
   */
  idle(ms: number): Promise<void>;
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
  return () => clearTimeout(timer);
}

function idle(ms: number): Promise<void> {
  return new Promise<void>((done) => setTimeout(done, Math.max(0, ms)).unref?.());
}

/** The real clock: `Date.now()` and `setTimeout`; only `idle` lets the process exit meanwhile. */
export const systemClock: Clock = {
  now: () => Date.now(),
  after,
  sleep: (ms, signal) => sleepOn(after, ms, signal),
  idle,
};

/** Whole seconds since the epoch on `clock` (JWT and cookie times). */
export function secondsOf(clock: Clock): number {
  return Math.floor(clock.now() / 1000);
}
