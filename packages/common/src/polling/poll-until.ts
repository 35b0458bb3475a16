import type { OnesHttpError } from '../errors/errors.js';
import { OnesTimeoutError } from '../errors/errors.js';
import { isOnesError } from '../errors/is-ones-error.js';
import { failArgument } from '../internal/fail-argument.js';
import { sleep } from './sleep.js';

/** Why a poll did not finish the wait. */
export type PollOutcome = 'pending' | 'slow_down' | 'retry_after';

/**
 * What `onPoll` receives after every poll that did not finish the wait.
 *
 * @example
 * ```ts
 * import type { PollEvent } from '@ones.dev/common';
 * const onPoll = ({ attempt, outcome, remainingSeconds }: PollEvent) =>
 *   console.log(`poll ${attempt}: ${outcome}, ${remainingSeconds} s left`);
 * ```
 */
export interface PollEvent {
  /** 1 for the first poll. */
  readonly attempt: number;
  /** `pending`; `slow_down` (interval grew by 5 s); `retry_after` (server busy, waiting as it asked). */
  readonly outcome: PollOutcome;
  /** Seconds until the next poll. */
  readonly nextPollInSeconds: number;
  /** Whole seconds left before the wait expires. */
  readonly remainingSeconds: number;
}

/**
 * Options of the pollers.
 *
 * @example
 * ```ts
 * import type { PollOptions } from '@ones.dev/common';
 * const options: PollOptions = { signal: AbortSignal.timeout(60_000), onPoll: (event) => console.log(event.attempt) };
 * ```
 */
export interface PollOptions {
  /** Stops the wait; the poller then rejects with `ERR_ABORTED`. */
  readonly signal?: AbortSignal;
  /** Called after every poll that did not finish the wait (progress for the UI). */
  readonly onPoll?: (event: PollEvent) => void;
}

/**
 * One poll's result: the value, or why to keep going.
 *
 * @example
 * ```ts
 * import type { PollStep } from '@ones.dev/common/internal';
 * const pending: PollStep<string> = { done: false, outcome: 'pending' };
 * ```
 */
export type PollStep<T> =
  | { readonly done: true; readonly value: T }
  | { readonly done: false; readonly outcome: Exclude<PollOutcome, 'retry_after'> };

/**
 * The loop {@link pollUntil} runs: how often, for how long, and the single poll.
 *
 * @example
 * ```ts
 * import type { PollLoop } from '@ones.dev/common/internal';
 * const loop: PollLoop<string> = {
 *   what: 'the export',
 *   interval: { seconds: 2, parameter: 'interval' },
 *   expiresIn: { seconds: 60, parameter: 'expiresIn' },
 *   poll: async () => ({ done: true, value: 'ready' }),
 * };
 * ```
 */
export interface PollLoop<T> extends PollOptions {
  readonly what: string;
  /** Seconds between polls, and the caller's name for it (for the error when it is not a number). */
  readonly interval: { readonly seconds: number; readonly parameter: string };
  /** Seconds until the wait expires, and the caller's name for it. */
  readonly expiresIn: { readonly seconds: number; readonly parameter: string };
  /**
   * Seconds before the first poll, when not the interval: 0 when the server holds each poll until
   * there is news (the login kit in ping mode), so the first one goes out at once.
   */
  readonly firstWaitSeconds?: number;
  /** One poll; `timeoutMs` is the time left before the wait expires, to cap the request with. */
  readonly poll: (budget: { readonly timeoutMs: number }) => Promise<PollStep<T>>;
}

const SLOW_DOWN_SECONDS = 5;
const MIN_INTERVAL_SECONDS = 1;

type PollAttempt<T> =
  | PollStep<T>
  | { readonly done: false; readonly outcome: 'retry_after'; readonly waitSeconds: number };

function expired(loop: PollLoop<unknown>): OnesTimeoutError {
  return new OnesTimeoutError(
    'ERR_TIMEOUT_POLLING',
    `${loop.what} expired after ${loop.expiresIn.seconds} s`,
  );
}

/** One poll, its request capped at the time left; a busy answer (429/503) becomes `retry_after`. */
async function pollOnce<T>(loop: PollLoop<T>, deadline: number): Promise<PollAttempt<T>> {
  try {
    return await loop.poll({ timeoutMs: Math.max(1, deadline - Date.now()) });
  } catch (error) {
    if (isOnesError(error, 'ERR_TIMEOUT_REQUEST') && Date.now() >= deadline) throw expired(loop);
    // busy: a plain HTTP status, or the kit's refusal (`ERR_LOGIN_RATE_LIMITED`, `…_STORE_UNAVAILABLE`)
    const busy =
      isOnesError(error) && /^ERR_(HTTP_STATUS|LOGIN_)/.test(error.code)
        ? (error as OnesHttpError)
        : undefined;
    const status = busy?.response?.status;
    if (status !== 429 && status !== 503) throw error;
    return { done: false, outcome: 'retry_after', waitSeconds: busy?.retryAfterSeconds ?? 0 };
  }
}

/**
 * Polls until `poll` finishes, one request at a time: waits `interval` (at least 1 s) before each
 * poll, adds 5 s on `slow_down`, honours `Retry-After` on 503/429, rejects with `ERR_TIMEOUT_POLLING`
 * once `expiresIn` has passed and with `ERR_ABORTED` when `signal` aborts. Always settles. The
 * building block of the SDK's pollers (browser and backend), exported so every poller follows the
 * same CIBA rules.
 *
 * @param loop - what to poll, how often and for how long
 * @returns the value of the poll that finished the wait
 * @throws OnesTimeoutError `ERR_TIMEOUT_POLLING`; OnesAbortError `ERR_ABORTED`; OnesValidationError
 * `ERR_VALIDATION_ARGUMENT` for a non-finite expiry or negative interval; whatever `poll` throws
 * @example
 * ```ts
 * import { pollUntil } from '@ones.dev/common/internal';
 * let calls = 0;
 * const value = await pollUntil({
 *   what: 'the export',
 *   interval: { seconds: 1, parameter: 'interval' },
 *   expiresIn: { seconds: 30, parameter: 'expiresIn' },
 *   poll: async () => (++calls < 3 ? { done: false, outcome: 'pending' } : { done: true, value: calls }),
 * });
 * ```
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.7.3
 */
export async function pollUntil<T>(loop: PollLoop<T>): Promise<T> {
  // A NaN or infinite deadline would never pass: refuse it, so the promise always settles.
  if (!Number.isFinite(loop.expiresIn.seconds) || loop.expiresIn.seconds <= 0) {
    failArgument(loop.expiresIn.parameter, 'must be a positive number of seconds');
  }
  if (!Number.isFinite(loop.interval.seconds) || loop.interval.seconds < 0) {
    failArgument(loop.interval.parameter, 'must be a number of seconds, zero or more');
  }
  const deadline = Date.now() + loop.expiresIn.seconds * 1000;
  let interval = Math.max(MIN_INTERVAL_SECONDS, loop.interval.seconds);
  let wait = Math.max(0, Math.min(loop.firstWaitSeconds ?? interval, interval));
  for (let attempt = 1; ; attempt++) {
    await sleep(Math.max(0, Math.min(wait * 1000, deadline - Date.now())), loop.signal);
    if (Date.now() >= deadline) throw expired(loop);
    const step = await pollOnce(loop, deadline);
    if (step.done) return step.value;
    if (step.outcome === 'slow_down') interval += SLOW_DOWN_SECONDS;
    wait = step.outcome === 'retry_after' ? Math.max(interval, step.waitSeconds) : interval;
    loop.onPoll?.({
      attempt,
      outcome: step.outcome,
      nextPollInSeconds: wait,
      remainingSeconds: Math.max(0, Math.round((deadline - Date.now()) / 1000)),
    });
  }
}
