import { OnesAbortError } from '../errors/errors.js';

// Timers overflow past 2^31-1 ms (about 24.8 days) and then fire at once; never ask for more.
const MAX_TIMER_MS = 2_147_483_647;

/** Waits `ms` milliseconds (at most about 24.8 days); rejects with `ERR_ABORTED` as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new OnesAbortError('waiting was aborted', { cause: signal?.reason }));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(ms, MAX_TIMER_MS),
    );
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}
