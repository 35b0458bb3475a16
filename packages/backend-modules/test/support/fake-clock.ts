import type { PollEvent } from '@ones.dev/common';
import { vi } from 'vitest';

/**
 * Runs a poller under the fake clock. The clock moves only while the poller sleeps — by the wait it
 * announced (`firstWaitSeconds`, then each `onPoll`'s `nextPollInSeconds`) — and never while a poll
 * signs and sends with real crypto and HTTP, so the times the IdP records are exact.
 */
export async function underFakeClock<T>(
  firstWaitSeconds: number,
  start: (onPoll: (event: PollEvent) => void) => Promise<T>,
): Promise<T> {
  let wake: (seconds: number) => void = () => {};
  const promise = start((event) => wake(event.nextPollInSeconds));
  let settled = false;
  const settle = () => {
    settled = true;
    wake(0);
  };
  promise.then(settle, settle);
  let waitSeconds = firstWaitSeconds;
  while (!settled) {
    const nextWait = new Promise<number>((resolve) => {
      wake = resolve;
    });
    await vi.advanceTimersByTimeAsync(waitSeconds * 1000);
    waitSeconds = await nextWait;
  }
  return promise;
}
