import { redactSecretsInText } from './redact-error-body.js';

const MAX_MESSAGE_LENGTH = 200;
const MAX_DEPTH = 5;

/**
 * A copy of an underlying failure that keeps what explains it — the messages along its `cause`
 * chain (with JWTs and `Bearer` credentials in them redacted), its `name`, and a system error `code`
 * such as `ECONNREFUSED` — and nothing that can carry a secret. Library errors hold more than they say: ky's keep the request they failed on (its
 * `Authorization` header included), jose's keep the token's claims. The SDK puts this copy, never
 * the original, into the `cause` of the errors it throws.
 *
 * @param error - what a library or the platform threw
 * @returns a plain `Error` with the same name and messages, or `undefined` for `undefined`
 * @example
 * ```ts
 * import { causeWithoutSecrets } from '@ones.dev/common';
 * const failure = Object.assign(new TypeError('fetch failed'), {
 *   request: { headers: { authorization: 'Bearer secret' } },
 * });
 * console.log(causeWithoutSecrets(failure)); // TypeError: fetch failed — no request, no header
 * ```
 */
export function causeWithoutSecrets(error: unknown): Error | undefined {
  if (error === undefined) return undefined;
  const messages: string[] = [];
  let code: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < MAX_DEPTH && current instanceof Error; depth += 1) {
    const message = redactSecretsInText(current.message, MAX_MESSAGE_LENGTH);
    if (message !== '' && !messages.includes(message)) messages.push(message);
    const ownCode = (current as { code?: unknown }).code;
    if (typeof ownCode === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(ownCode)) code = ownCode;
    current = current.cause;
  }
  const copy = Object.assign(new Error(messages.join(': ') || 'not an Error'), code && { code });
  if (error instanceof Error) copy.name = error.name;
  return copy;
}
