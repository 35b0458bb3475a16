import {
  causeWithoutSecrets,
  OnesAbortError,
  OnesError,
  OnesHttpError,
  OnesTimeoutError,
  OnesValidationError,
} from '@ones.dev/common';
import { errorForHttpAnswer, type HttpAnswer, readHttpAnswer } from '@ones.dev/common/internal';
import { isNetworkError, isTimeoutError, type KyInstance } from 'ky';
import type * as z from 'zod/mini';
import { bearerChallenge } from './bearer-challenge.js';
import type { WireAnswer, WireRequest } from './node-http-transport.js';
import { rawFetchOver } from './raw-fetch.js';
import { sendThrough } from './transport.js';

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
  /** The `Accept` header; default `application/json`. */
  readonly accept?: string;
  /** A 2xx answer carries nothing to read (RFC 7009 revocation): its body is not parsed. */
  readonly emptyAnswer?: boolean;
}

/** What the IdP answered: the status, and the body parsed with the request's schema. */
export interface IdpAnswer<T> {
  readonly status: number;
  readonly data: T;
}

/**
 * An OAuth refusal the caller expects and handles (`authorization_pending` while a CIBA login waits):
 * its `error` code, and the `OnesError` that `send` would have thrown, built only when asked for.
 */
export interface IdpRefusal {
  readonly refusal: string;
  readonly error: () => OnesError;
}

/**
 * The SDK's only door to the IdP: the runtime's own transport by default (`node:http` on Node,
 * `fetch` on Bun and Deno: see `transportFor`), else the caller's ky instance (`extend`ed, never
 * mutated) or `fetch`; each request with a timeout and no
 * retries; and the one place where transport and zod failures become OnesID errors.
 * Answers are parsed with a schema.
 */
export class IdpHttpClient {
  /** How a request goes out: through the caller's ky (its hooks) or fetch, or node:http. */
  readonly #send: (url: string, request: WireRequest & { readonly json?: unknown }) => Promise<WireAnswer>;
  readonly #timeoutMs: number;
  /**
   * A plain `fetch` through the instance's transport, for libraries that take a fetch function
   * (jose's JWKS); see {@link rawFetchOver}.
   */
  readonly fetchRaw: (url: string, init: RequestInit) => Promise<Response>;

  constructor(options: {
    readonly timeoutMs: number;
    readonly fetch?: typeof fetch | undefined;
    readonly ky?: KyInstance | undefined;
  }) {
    this.#timeoutMs = options.timeoutMs;
    let given = options.fetch;
    if (options.ky !== undefined) {
      const instance = options.ky.extend({
        timeout: false, // each request gets its own AbortSignal.timeout (see #exchange)
        retry: 0,
        throwHttpErrors: false,
        ...(options.fetch ? { fetch: options.fetch } : {}),
      });
      given = (url, init) =>
        instance(String(url), { ...init, timeout: false, retry: 0, throwHttpErrors: false });
    }
    const send = sendThrough(given);
    this.#send = (url, { json, ...request }) =>
      send(url, json === undefined ? request : withJsonBody(request, json));
    this.fetchRaw = rawFetchOver(this.#send, this.#timeoutMs);
  }

  /** Sends the request; non-2xx answers become `OnesOAuthError`/`OnesHttpError` (`errorForHttpAnswer`). */
  async send<S extends z.ZodMiniType>(request: IdpRequest<S>): Promise<IdpAnswer<z.infer<S>>> {
    const { what, answer } = await this.#exchange(request);
    if (answer.status < 200 || answer.status > 299) throw errorForHttpAnswer(answer, what);
    return this.#parse(request, answer, what);
  }

  /**
   * Like {@link IdpHttpClient.send}, except that an HTTP 400 whose OAuth `error` is one of `refusals`
   * resolves to an {@link IdpRefusal} instead of rejecting. A poll that expects `authorization_pending`
   * most of the time then builds no error: its stack capture cost more than the rest of the answer.
   */
  async sendOrRefusal<S extends z.ZodMiniType>(
    request: IdpRequest<S>,
    refusals: ReadonlySet<string>,
  ): Promise<IdpAnswer<z.infer<S>> | IdpRefusal> {
    const { what, answer } = await this.#exchange(request);
    if (answer.status >= 200 && answer.status <= 299) return this.#parse(request, answer, what);
    const refusal = expectedRefusal(answer, refusals);
    if (refusal === undefined) throw errorForHttpAnswer(answer, what);
    return { refusal, error: () => errorForHttpAnswer(answer, what) };
  }

  /**
   * Like {@link IdpHttpClient.send} for an endpoint that may answer JSON or a JWT
   * (`application/jwt`, OpenID Connect UserInfo): a JWT comes back as its compact string, unread.
   */
  async sendForJsonOrJwt<S extends z.ZodMiniType>(
    request: IdpRequest<S>,
  ): Promise<{ readonly data: z.infer<S> } | { readonly jwt: string }> {
    const { what, answer, text, contentType } = await this.#exchange(request);
    if (answer.status < 200 || answer.status > 299) throw errorForHttpAnswer(answer, what);
    if (!/^application\/jwt\s*(;|$)/i.test(contentType)) return this.#parse(request, answer, what);
    return { jwt: text.trim() };
  }

  #parse<S extends z.ZodMiniType>(
    request: IdpRequest<S>,
    answer: HttpAnswer,
    what: string,
  ): IdpAnswer<z.infer<S>> {
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
    const headers: Record<string, string> = { accept: request.accept ?? 'application/json' };
    if (request.bearer !== undefined) headers.authorization = `Bearer ${request.bearer}`;
    // A string body with its type is cheaper for fetch than URLSearchParams (no body stream to build).
    if (request.form) headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    // A controller and a cleared timer rather than AbortSignal.timeout (whose timer outlives the call
    // and fires a DOMException later) and AbortSignal.any (dependent signals the GC has to track):
    // the caller's signal, when there is one, aborts it through a listener removed at the end.
    const timeoutMs = Math.max(1, Math.min(request.timeoutMs ?? this.#timeoutMs, this.#timeoutMs));
    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(new DOMException(`${what} timed out`, 'TimeoutError')),
      timeoutMs,
    );
    const onCallerAbort = () => deadline.abort(request.signal?.reason);
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const body = request.form ? new URLSearchParams(request.form).toString() : undefined;
      const answer = await this.#send(request.url, {
        method: request.method,
        headers,
        ...(body === undefined ? {} : { body }),
        ...(request.json === undefined ? {} : { json: request.json }),
        signal: deadline.signal,
      });
      const read = bearerChallenge(
        readHttpAnswer(answer.status, answer.text, answer.header('retry-after')),
        answer.header('www-authenticate'),
      );
      return { what, answer: read, text: answer.text, contentType: answer.header('content-type') ?? '' };
    } catch (error) {
      if (request.signal?.aborted)
        throw new OnesAbortError(`${what} was aborted`, { cause: request.signal.reason });
      if (error instanceof OnesError) throw error; // an answer too large to read
      // ky's errors hold the request, its Authorization header included: keep only a copy.
      const cause = causeWithoutSecrets(error);
      if (deadline.signal.aborted || isTimeoutError(error))
        throw new OnesTimeoutError('ERR_TIMEOUT_REQUEST', `${what} timed out`, { cause });
      // fetch rejects with a TypeError when nothing answers (ky wraps it as a NetworkError), node:http
      // with a system error (ECONNREFUSED, ENOTFOUND, ECONNRESET)
      const reason =
        isNetworkError(error) || error instanceof TypeError || isSystemError(error)
          ? 'the IdP could not be reached'
          : 'the request failed';
      throw new OnesHttpError('ERR_HTTP_NETWORK', `${what} failed: ${reason}`, { cause });
    } finally {
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onCallerAbort);
    }
  }
}

/** The OAuth `error` of a 400 answer when it is one of `refusals`; a 429 or 503 never is one. */
function expectedRefusal(answer: HttpAnswer, refusals: ReadonlySet<string>): string | undefined {
  if (answer.status !== 400 || typeof answer.data !== 'object' || answer.data === null) return undefined;
  const { error } = answer.data as { error?: unknown };
  return typeof error === 'string' && refusals.has(error) ? error : undefined;
}

/** The request with `json` as its body, typed as JSON. */
function withJsonBody(request: WireRequest, json: unknown): WireRequest {
  return {
    ...request,
    body: JSON.stringify(json),
    headers: { ...request.headers, 'content-type': 'application/json' },
  };
}

/** A Node system error (`ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`…): nothing answered. */
function isSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as { syscall?: unknown }).syscall === 'string';
}
