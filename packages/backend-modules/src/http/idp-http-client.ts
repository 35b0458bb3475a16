import {
  causeWithoutSecrets,
  errorForHttpAnswer,
  OnesAbortError,
  OnesHttpError,
  OnesTimeoutError,
  OnesValidationError,
  readHttpAnswer,
} from '@ones.dev/common';
import { isNetworkError, isTimeoutError, type KyInstance } from 'ky';
import type * as z from 'zod/mini';

/** One request to the IdP. */
export interface IdpRequest<S extends z.ZodMiniType> {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  /** What the answer must look like. */
  readonly schema: S;
  /** Sent as `application/x-www-form-urlencoded`. */
  readonly form?: Readonly<Record<string, string>>;
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as `Authorization: Bearer …`. */
  readonly bearer?: string;
  readonly signal?: AbortSignal | undefined;
  /** Milliseconds for this request, when shorter than the instance's timeout. */
  readonly timeoutMs?: number | undefined;
  /** A 2xx answer carries nothing to read (RFC 7009 revocation): its body is not parsed. */
  readonly emptyAnswer?: boolean;
}

/** What the IdP answered: the status, and the body parsed with the request's schema. */
export interface IdpAnswer<T> {
  readonly status: number;
  readonly data: T;
}

/**
 * The SDK's only door to the IdP: the caller's ky instance when given (`extend`ed, never mutated),
 * else `fetch` (the caller's or the global one), each request with a timeout and no retries; and
 * the one place where ky, fetch and zod failures become OnesID errors.
 * Answers are parsed with a schema.
 */
export class IdpHttpClient {
  /** How a request goes out: through the caller's ky (its hooks), or straight to `fetch`. */
  readonly #send: (url: string, init: RequestInit & { readonly json?: unknown }) => Promise<Response>;
  readonly #timeoutMs: number;

  constructor(options: {
    readonly timeoutMs: number;
    readonly fetch?: typeof fetch | undefined;
    readonly ky?: KyInstance | undefined;
  }) {
    this.#timeoutMs = options.timeoutMs;
    if (options.ky !== undefined) {
      const instance = options.ky.extend({
        timeout: false, // each request gets its own AbortSignal.timeout (see #exchange)
        retry: 0,
        throwHttpErrors: false,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      this.#send = (url, init) =>
        instance(url, { ...init, timeout: false, retry: 0, throwHttpErrors: false });
    } else {
      // Without a ky of the caller's, plain fetch: ky's per-request option merging cost about 0.13 ms
      // a request under load (bench/ciba-load.bench.mjs), for nothing the SDK uses.
      const given = options.fetch;
      this.#send = (url, { json, ...init }) =>
        (given ?? globalThis.fetch)(
          url,
          json === undefined
            ? init
            : {
                ...init,
                body: JSON.stringify(json),
                headers: { ...init.headers, 'content-type': 'application/json' },
              },
        );
    }
  }

  /**
   * A plain `fetch` through the instance's ky (its hooks and `fetch`) or `fetch`, for libraries that
   * take a fetch function (jose's JWKS). No timeout or errors: the caller's `signal` and status
   * checks apply.
   */
  fetchRaw(url: string, init: RequestInit): Promise<Response> {
    return this.#send(url, init);
  }

  /** Sends the request; non-2xx answers become `OnesOAuthError`/`OnesHttpError` (`errorForHttpAnswer`). */
  async send<S extends z.ZodMiniType>(request: IdpRequest<S>): Promise<IdpAnswer<z.infer<S>>> {
    const { what, answer } = await this.#exchange(request);
    if (answer.status < 200 || answer.status > 299) throw errorForHttpAnswer(answer, what);
    if (request.emptyAnswer) return { status: answer.status, data: undefined as z.infer<S> };
    if (!answer.json)
      throw new OnesValidationError(
        'ERR_VALIDATION_RESPONSE',
        `${what} answered HTTP ${answer.status} with a body that is not JSON`,
      );
    const parsed = request.schema.safeParse(answer.data);
    if (!parsed.success) {
      const field = parsed.error.issues[0]?.path.join('.') || '(body)';
      throw new OnesValidationError(
        'ERR_VALIDATION_RESPONSE',
        `${what}: "${field}" is missing or malformed`,
        { cause: causeWithoutSecrets(parsed.error) },
      );
    }
    return { status: answer.status, data: parsed.data as z.infer<S> };
  }

  async #exchange(request: IdpRequest<z.ZodMiniType>) {
    const what = `${request.method} ${new URL(request.url).pathname}`;
    if (request.signal?.aborted)
      throw new OnesAbortError(`${what} was aborted`, { cause: request.signal.reason });
    if (request.timeoutMs !== undefined && !(request.timeoutMs > 0)) {
      throw new OnesValidationError(
        'ERR_VALIDATION_ARGUMENT',
        '"timeoutMs" must be a positive number of milliseconds',
      );
    }
    const headers: Record<string, string> = { accept: 'application/json' };
    if (request.bearer !== undefined) headers.authorization = `Bearer ${request.bearer}`;
    // A string body with its type is cheaper for fetch than URLSearchParams (no body stream to build).
    if (request.form) headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    // The platform's timeout signal: cheaper than ky's timer race, and it stops the body read too.
    const deadline = AbortSignal.timeout(
      Math.max(1, Math.min(request.timeoutMs ?? this.#timeoutMs, this.#timeoutMs)),
    );
    try {
      const body = request.form ? new URLSearchParams(request.form).toString() : undefined;
      const response = await this.#send(request.url, {
        method: request.method,
        headers,
        ...(body === undefined ? {} : { body }),
        ...(request.json === undefined ? {} : { json: request.json }),
        signal: request.signal ? AbortSignal.any([request.signal, deadline]) : deadline,
      });
      const text = await response.text();
      return { what, answer: readHttpAnswer(response.status, text, response.headers.get('retry-after')) };
    } catch (error) {
      if (request.signal?.aborted)
        throw new OnesAbortError(`${what} was aborted`, { cause: request.signal.reason });
      // ky's errors hold the request, its Authorization header included: keep only a copy.
      const cause = causeWithoutSecrets(error);
      if (deadline.aborted || isTimeoutError(error))
        throw new OnesTimeoutError('ERR_TIMEOUT_REQUEST', `${what} timed out`, { cause });
      // fetch rejects with a TypeError when nothing answers (ky wraps it as a NetworkError)
      const reason =
        isNetworkError(error) || error instanceof TypeError
          ? 'the IdP could not be reached'
          : 'the request failed';
      throw new OnesHttpError('ERR_HTTP_NETWORK', `${what} failed: ${reason}`, { cause });
    }
  }
}
