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
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    if (signal?.aborted) stop.abort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    const waiters = this.#waiting.get(digest) ?? new Set();
    const wake = () => stop.abort();
    waiters.add(wake);
    this.#waiting.set(digest, waiters);
    return this.#clock.sleep(ms, stop.signal).finally(() => {
      signal?.removeEventListener('abort', onAbort);
      waiters.delete(wake);
      if (waiters.size === 0 && this.#waiting.get(digest) === waiters) this.#waiting.delete(digest);
    });
  }

  /** Wakes every request held for `digest` on this instance. */
  wake(digest: string): void {
    for (const wake of [...(this.#waiting.get(digest) ?? [])]) wake();
  }
}
