import { OnesAbortError } from '@ones.dev/common';

/**
 * `promise`, or `ERR_ABORTED` as soon as `signal` aborts. The underlying work goes on: use it where
 * several callers share one piece of work and one caller giving up must not stop it for the others.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (signal === undefined) return promise;
  const aborted = () => new OnesAbortError(`${what} was aborted`, { cause: signal.reason });
  if (signal.aborted) {
    promise.catch(() => {}); // nobody else may be waiting: its failure must not go unhandled
    return Promise.reject(aborted());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(aborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
