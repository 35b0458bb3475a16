import type { Clock } from '../settings/clock.js';

/**
 * The status requests held on this instance, by a login's digest: a notification that reaches this
 * instance (or a message from another one) wakes them at once.
 *
 * @example
 * const waiters = new PingWaiters(systemClock);
 * await waiters.wait(digest, 8000, request.signal); // until woken, 8 s, or the browser leaves
 * waiters.wake(digest);
 */
export class PingWaiters {
  readonly #waiting = new Map<string, Set<() => void>>();
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Resolves after `ms`, or sooner when `digest` is woken or `signal` aborts. */
  wait(digest: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((done) => {
      if (signal?.aborted) return done();
      const waiters = this.#waiting.get(digest) ?? new Set();
      const wake = () => {
        cancel();
        signal?.removeEventListener('abort', wake);
        waiters.delete(wake);
        if (waiters.size === 0 && this.#waiting.get(digest) === waiters) this.#waiting.delete(digest);
        done();
      };
      const cancel = this.#clock.after(ms, wake);
      signal?.addEventListener('abort', wake, { once: true });
      waiters.add(wake);
      this.#waiting.set(digest, waiters);
    });
  }

  /** How many logins have requests held here (for tests and health checks). */
  get size(): number {
    return this.#waiting.size;
  }

  /** Wakes every request held for `digest` on this instance. */
  wake(digest: string): void {
    for (const wake of [...(this.#waiting.get(digest) ?? [])]) wake();
  }
}
