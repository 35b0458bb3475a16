import type { OnesLoginErrorCode } from '@ones.dev/common';

/**
 * Why the kit refused a request: a stable code the browser can act on, and its HTTP status (the
 * table in docs/login-kit.md, 3.). The same codes as `OnesLoginErrorCode` in `@ones.dev/common`, which
 * the browser helpers throw.
 *
 * @example
 * ```ts
 * import type { LoginRefusalCode } from '@ones.dev/backend-modules/login';
 * const retryLater: LoginRefusalCode[] = ['ERR_LOGIN_RATE_LIMITED', 'ERR_LOGIN_STORE_UNAVAILABLE'];
 * ```
 */
export type LoginRefusalCode = OnesLoginErrorCode;

const STATUS: Record<LoginRefusalCode, number> = {
  ERR_LOGIN_ORIGIN_REFUSED: 403,
  ERR_LOGIN_CONTENT_TYPE: 415,
  ERR_LOGIN_BODY_TOO_LARGE: 413,
  ERR_LOGIN_BODY_INVALID: 400,
  ERR_LOGIN_BODY_TIMEOUT: 408,
  ERR_LOGIN_BAD_REQUEST: 400,
  ERR_LOGIN_NOT_FOUND: 404,
  ERR_LOGIN_NO_SESSION: 401,
  ERR_LOGIN_RATE_LIMITED: 429,
  ERR_LOGIN_METHOD: 405,
  ERR_LOGIN_WRONG_MODE: 404,
  ERR_LOGIN_IDP_UNAVAILABLE: 502,
  ERR_LOGIN_STORE_UNAVAILABLE: 503,
  ERR_LOGIN_INTERNAL: 500,
};

/** A refusal the route handlers throw; the handler turns it into a JSON answer. */
export class LoginRefusal extends Error {
  readonly code: LoginRefusalCode;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** A refused page on this machine (a loopback origin): the answer carries a one-line `hint`. */
  readonly refusedOrigin: string | undefined;
  constructor(
    code: LoginRefusalCode,
    message: string,
    headers: Readonly<Record<string, string>> = {},
    refusedOrigin?: string,
  ) {
    super(message);
    this.code = code;
    this.status = STATUS[code];
    this.headers = headers;
    this.refusedOrigin = refusedOrigin;
  }
}

/** What a route answers: a status and a JSON body (and headers), rendered once by the handler. */
export interface RouteAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A route's JSON answer. */
export function jsonAnswer(
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): RouteAnswer {
  return { status, body, headers };
}

/**
 * The JSON answer for a refusal: `{ statusCode, code, message }`, no stack, nothing from the request;
 * for a page on a loopback origin also `hint`, a one-line cause that names that origin (its own).
 */
export function refusalAnswer(refusal: LoginRefusal): RouteAnswer {
  const { refusedOrigin: origin } = refusal;
  return jsonAnswer(
    refusal.status,
    {
      statusCode: refusal.status,
      code: refusal.code,
      message: refusal.message,
      ...(origin === undefined ? {} : { hint: `origin ${origin} is not in \`origins\`` }),
    },
    refusal.headers,
  );
}

/** The headers every kit answer carries, and the route's own, and its cookies. */
export function answerHeaders(answer: RouteAnswer, setCookies: readonly string[]): [string, string][] {
  return [
    ...(answer.status === 204
      ? []
      : [['content-type', 'application/json; charset=utf-8'] as [string, string]]),
    ['cache-control', 'no-store'],
    ['x-content-type-options', 'nosniff'],
    ...Object.entries(answer.headers ?? {}),
    ...setCookies.map((cookie): [string, string] => ['set-cookie', cookie]),
  ];
}

/**
 * The `Response` for an answer, with the headers every kit answer carries: never cached
 * (`no-store`: tokens and claims must not sit in a shared cache or the back/forward cache), never
 * sniffed as HTML, and the cookies the route set. Built in one go: each later header change costs
 * a validation pass.
 */
export function renderAnswer(answer: RouteAnswer, setCookies: readonly string[]): Response {
  return new Response(answer.status === 204 ? null : JSON.stringify(answer.body), {
    status: answer.status,
    headers: answerHeaders(answer, setCookies),
  });
}
