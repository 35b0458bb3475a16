/**
 * An HTTP answer as the SDK reads it, from the IdP, a customer route or the device signer: the
 * status, the body parsed as JSON when it is JSON (else its text, cut at 500 characters), and the
 * seconds `Retry-After` asks to wait.
 *
 * @example
 * ```ts
 * import type { HttpAnswer } from '@ones.dev/common/internal';
 * const isBusy = (answer: HttpAnswer) => answer.status === 429 || answer.status === 503;
 * ```
 */
export interface HttpAnswer {
  readonly status: number;
  /** Whether the body was JSON; `data` is then the parsed value. */
  readonly json: boolean;
  readonly data: unknown;
  /** `Retry-After`, given in seconds or as an HTTP date, as seconds from now; absent when not given. */
  readonly retryAfterSeconds: number | undefined;
}

const MAX_TEXT_LENGTH = 500;
const MAX_RETRY_AFTER_SECONDS = 86_400;

/**
 * The seconds a `Retry-After` header asks to wait: delay-seconds (`120`) or an HTTP date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`, counted from `now`), at most a day; `undefined` when absent or
 * malformed.
 *
 * @param header - the header's value
 * @param now - milliseconds since the epoch; default `Date.now()`
 * @returns whole seconds, zero or more, or `undefined`
 * @example
 * ```ts
 * import { parseRetryAfter } from '@ones.dev/common/internal';
 * parseRetryAfter('7'); // 7
 * parseRetryAfter(new Date(Date.now() + 30_000).toUTCString()); // about 30
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3
 */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | undefined {
  const value = header?.trim() ?? '';
  const at = /^\d+$/.test(value)
    ? now + Number(value) * 1000
    : /[a-z]/i.test(value)
      ? Date.parse(value)
      : Number.NaN;
  if (Number.isNaN(at)) return undefined;
  return Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(0, Math.ceil((at - now) / 1000)));
}

/**
 * Reads an answer's parts as they came off the wire into an {@link HttpAnswer}.
 *
 * @param status - the HTTP status
 * @param text - the body, read as text
 * @param retryAfter - the `Retry-After` header, if any
 * @returns the answer
 * @example
 * ```ts
 * import { readHttpAnswer } from '@ones.dev/common/internal';
 * const answer = readHttpAnswer(400, '{"error":"authorization_pending"}', null);
 * console.log(answer.json, answer.data); // true { error: 'authorization_pending' }
 * ```
 */
export function readHttpAnswer(status: number, text: string, retryAfter: string | null): HttpAnswer {
  // an empty body is no JSON either: JSON.parse('') throws
  let json = true;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    json = false;
    data = text.slice(0, MAX_TEXT_LENGTH);
  }
  return { status, json, data, retryAfterSeconds: parseRetryAfter(retryAfter) };
}
