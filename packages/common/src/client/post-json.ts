import { oauthErrorFromResponse } from '../errors/oauth-error-from-response.js';
import { OnesAbortError } from '../errors/ones-abort-error.js';
import type { OnesError } from '../errors/ones-error.js';
import type { OnesErrorResponse } from '../errors/ones-error-code.js';
import { OnesHttpError } from '../errors/ones-http-error.js';
import { OnesTimeoutError } from '../errors/ones-timeout-error.js';
import { OnesValidationError } from '../errors/ones-validation-error.js';
import type { ClientRequestOptions } from './client-request-options.js';
import { resolveRouteUrl } from './resolve-route-url.js';

/** One POST to a customer backend route. */
export interface PostJsonRequest {
  readonly host: string;
  readonly defaultPath: string;
  readonly body?: unknown;
  readonly options: ClientRequestOptions;
  /** Turns a non-2xx answer into a route-specific error; `undefined` falls back to the generic one. */
  readonly errorForResponse?: (response: OnesErrorResponse) => OnesError | undefined;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_ERROR_TEXT = 500;

function parseBody(text: string): { json: boolean; data: unknown } {
  if (text === '') return { json: false, data: '' };
  try {
    return { json: true, data: JSON.parse(text) };
  } catch {
    return { json: false, data: text.slice(0, MAX_ERROR_TEXT) };
  }
}

function retryAfterOption(status: number, header: string | null): { retryAfterSeconds?: number } {
  if ((status !== 429 && status !== 503) || header === null || !/^\d{1,6}$/.test(header.trim())) return {};
  return { retryAfterSeconds: Number(header.trim()) };
}

function translateFailure(
  error: unknown,
  userSignal: AbortSignal | undefined,
  timeoutSignal: AbortSignal,
  what: string,
) {
  if (userSignal?.aborted) return new OnesAbortError(`${what} was aborted`, { cause: userSignal.reason });
  if (timeoutSignal.aborted)
    return new OnesTimeoutError('ERR_TIMEOUT_REQUEST', `${what} timed out`, { cause: error });
  return new OnesHttpError('ERR_HTTP_NETWORK', `${what} failed: the server could not be reached`, {
    cause: error,
  });
}

/**
 * POSTs JSON to a customer backend route and returns the parsed JSON answer. Every failure becomes an
 * OnesID error: bad `host`/`path`, abort, timeout, network, non-2xx (OAuth error bodies become
 * `OnesOAuthError`), and 2xx answers that are not JSON.
 */
export async function postJson(request: PostJsonRequest): Promise<unknown> {
  const { options } = request;
  const url = resolveRouteUrl(request.host, options.path ?? request.defaultPath, options.allowInsecureHost);
  const what = `POST ${url.pathname}`;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0))
    throw new OnesValidationError('ERR_VALIDATION_ARGUMENT', '"options.timeoutMs" must be a positive number');
  const userSignal = options.signal;
  if (userSignal?.aborted) throw new OnesAbortError(`${what} was aborted`, { cause: userSignal.reason });
  const timeoutSignal = AbortSignal.timeout(timeoutMs);
  const signal = userSignal ? AbortSignal.any([userSignal, timeoutSignal]) : timeoutSignal;
  const fetchFn = options.fetch ?? globalThis.fetch;

  let status: number;
  let text: string;
  let retryAfter: string | null;
  try {
    const response = await fetchFn(url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', ...options.headers },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      signal,
    });
    status = response.status;
    retryAfter = response.headers.get('retry-after');
    text = await response.text();
  } catch (error) {
    throw translateFailure(error, userSignal, timeoutSignal, what);
  }

  const { json, data } = parseBody(text);
  if (status < 200 || status > 299) {
    const response = { status, data };
    throw (
      request.errorForResponse?.(response) ??
      oauthErrorFromResponse(response) ??
      new OnesHttpError('ERR_HTTP_STATUS', `${what} answered HTTP ${status}`, {
        response,
        ...retryAfterOption(status, retryAfter),
      })
    );
  }
  if (!json) {
    throw new OnesValidationError(
      'ERR_VALIDATION_RESPONSE',
      `${what} answered HTTP ${status} with a body that is not JSON`,
    );
  }
  return data;
}
