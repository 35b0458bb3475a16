import { causeWithoutSecrets } from '../errors/cause-without-secrets.js';
import { OnesAbortError, OnesHttpError, OnesTimeoutError, OnesValidationError } from '../errors/errors.js';
import { type HttpAnswer, readHttpAnswer } from '../http/http-answer.js';
import { failArgument } from '../internal/fail-argument.js';
import type { AnswerReading } from './answer-errors.js';
import type { ClientRequestOptions } from './client-request-options.js';
import { resolveRouteUrl } from './resolve-route-url.js';

/** One POST to a customer backend route. */
export interface PostJsonRequest {
  readonly host: string;
  readonly defaultPath: string;
  readonly body?: unknown;
  /** `POST` unless said otherwise (`GET` for reads such as the session). */
  readonly method?: 'GET' | 'POST';
  readonly options: ClientRequestOptions;
  /** A route whose non-2xx answers have a reading of their own (see `answer-errors.ts`). */
  readonly reading?: AnswerReading;
}

/** Per-request timeout when the caller gives none. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Rejects once `signal` aborts, so a `fetch` that ignores its signal cannot hang the caller. */
function rejectOnAbort(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => {}); // settled by the race below, or never observed
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

function translateFailure(
  error: unknown,
  userSignal: AbortSignal | undefined,
  timeoutSignal: AbortSignal,
  what: string,
) {
  if (userSignal?.aborted) return new OnesAbortError(`${what} was aborted`, { cause: userSignal.reason });
  // A custom fetch may throw errors that hold the request (headers included): keep only a copy.
  const cause = causeWithoutSecrets(error);
  if (timeoutSignal.aborted)
    return new OnesTimeoutError('ERR_TIMEOUT_REQUEST', `${what} timed out`, { cause });
  return new OnesHttpError('ERR_HTTP_NETWORK', `${what} failed: the server could not be reached`, { cause });
}

/**
 * The error for a non-2xx answer, read by `answer-errors.ts`, which is loaded only now: the
 * answer-reading and redaction machinery is not part of what a page downloads up front. Should that
 * file not load (a deploy replaced it), the error keeps the status and `Retry-After`, not the body.
 */
async function errorForAnswer(answer: HttpAnswer, what: string, reading: AnswerReading | undefined) {
  try {
    return (await import('./answer-errors.js')).errorForAnswer(answer, what, reading);
  } catch {
    return new OnesHttpError('ERR_HTTP_STATUS', `${what} answered HTTP ${answer.status}`, {
      response: { status: answer.status, data: undefined },
      retryAfterSeconds: answer.retryAfterSeconds,
    });
  }
}

/**
 * POSTs JSON to a customer backend route and returns the parsed JSON answer. Every failure becomes an
 * OnesID error: bad arguments, abort, timeout, network, non-2xx (OAuth error bodies become
 * `OnesOAuthError`; 429 and 503 always `OnesHttpError` with `retryAfterSeconds`), and 2xx answers that
 * are not JSON.
 */
export async function postJson(request: PostJsonRequest): Promise<unknown> {
  const { options } = request;
  const url = resolveRouteUrl(request.host, options.path ?? request.defaultPath, options.allowInsecureHost);
  const method = request.method ?? 'POST';
  const what = `${method} ${url.pathname}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0 && timeoutMs <= 2_147_483_647))
    failArgument('options.timeoutMs', 'must be a positive number of milliseconds');
  let headers: Headers;
  try {
    headers = new Headers({
      accept: 'application/json',
      'content-type': 'application/json',
      ...options.headers,
    });
  } catch {
    failArgument('options.headers', 'must map header names to valid header values');
  }
  const userSignal = options.signal;
  const timeoutSignal = AbortSignal.timeout(timeoutMs);
  // aborted before it started: nothing is sent, not even to a `fetch` that ignores its signal
  if (userSignal?.aborted) throw translateFailure(undefined, userSignal, timeoutSignal, what);
  const signal = userSignal ? AbortSignal.any([userSignal, timeoutSignal]) : timeoutSignal;
  const fetchFn = options.fetch ?? globalThis.fetch;
  const aborted = rejectOnAbort(signal);

  let answer: HttpAnswer;
  try {
    const init: RequestInit = {
      method,
      headers,
      signal,
      body: request.body === undefined ? null : JSON.stringify(request.body),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
    };
    const response = await Promise.race([fetchFn(url, init), aborted.promise]);
    const text = await Promise.race([response.text(), aborted.promise]);
    answer = readHttpAnswer(response.status, text, response.headers.get('retry-after'));
  } catch (error) {
    throw translateFailure(error, userSignal, timeoutSignal, what);
  } finally {
    aborted.dispose();
  }

  if (answer.status < 200 || answer.status > 299) throw await errorForAnswer(answer, what, request.reading);
  if (!answer.json) {
    throw new OnesValidationError(
      'ERR_VALIDATION_RESPONSE',
      `${what} answered HTTP ${answer.status} with a body that is not JSON`,
    );
  }
  return answer.data;
}
