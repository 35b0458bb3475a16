/**
 * Options every network method accepts.
 *
 * @example
 * ```ts
 * import type { CallOptions } from '@ones.dev/backend-modules';
 * const options: CallOptions = { signal: AbortSignal.timeout(5_000) };
 * ```
 */
export interface CallOptions {
  /** Aborts the call; it then rejects with `ERR_ABORTED`. */
  readonly signal?: AbortSignal;
  /** Milliseconds for each IdP request of this call, when shorter than the instance's `timeoutMs`. */
  readonly timeoutMs?: number;
}
