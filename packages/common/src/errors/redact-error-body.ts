/**
 * Field names that hold a credential, in any case, with `_` or `-`: `access_token`, `refresh_token`,
 * `id_token`, any other `…token`, `client_assertion`, `assertion`, `client_secret`, `password`,
 * `authorization`, `cookie`, `private_key`, `code_verifier`.
 */
const SECRET_FIELD = /token$|assertion|secret|password|authorization|cookie|private[_-]key|code[_-]verifier/i;
/** Fields kept when an error body is too long to keep whole: those of an OAuth error and a CIBA answer. */
const ESSENTIAL_FIELDS = ['error', 'error_description', 'error_uri', 'auth_req_id', 'expires_in', 'interval'];
// Long enough for any wire id (512 characters), short enough for a log line.
const MAX_TEXT_LENGTH = 600;
const MAX_BODY_LENGTH = 2_000;
const MAX_FIELDS = 50;
const MAX_ITEMS = 20;
const MAX_DEPTH = 4;
/** What stands in for a credential in a kept error body or message. */
export const REDACTED = '[redacted]';

/**
 * Text with the credentials that can hide in free text replaced: JWTs (an assertion or a token
 * quoted in an error description) and `Bearer`/`Basic` credentials (a proxy echoing request
 * headers), and cut to `maxLength` characters.
 *
 * @param text - an error description, a text body, an error message
 * @param maxLength - where to cut; default 600
 * @returns the text without credentials
 * @example
 * ```ts
 * import { redactSecretsInText } from '@ones.dev/common/internal';
 * redactSecretsInText('Authorization: Bearer at-1 refused'); // 'Authorization: Bearer [redacted] refused'
 * ```
 */
export function redactSecretsInText(text: string, maxLength = MAX_TEXT_LENGTH): string {
  return text
    .slice(0, maxLength * 2)
    .replace(/eyJ[\w-]*(?:\.[\w-]*){1,4}/g, REDACTED)
    .replace(/\b(Bearer|Basic|DPoP)\s+[\w.~+/=-]+/gi, `$1 ${REDACTED}`)
    .slice(0, maxLength);
}

function redact(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactSecretsInText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((item) => redact(item, depth + 1));
  // fromEntries defines each field: one named `__proto__` stays a field, never the copy's prototype
  return Object.fromEntries(
    Object.entries(value)
      .slice(0, MAX_FIELDS)
      .map(([name, field]) => [name, SECRET_FIELD.test(name) ? REDACTED : redact(field, depth + 1)]),
  );
}

/**
 * Makes an error answer's body safe to keep on an error (`response.data`), where applications log
 * it: credential fields (`access_token`, `refresh_token`, `id_token`, `client_assertion`,
 * `assertion`, `client_secret`, `password`, `authorization`, any `…_token`, in any case, at any
 * depth) become `'[redacted]'`, and so do JWTs and `Bearer` credentials inside text; strings are cut
 * at 600 characters, nested objects at 50 fields, arrays at 20 items, nesting at 4 levels; and a body
 * of more than 50 fields or still longer than 2,000 characters keeps only its OAuth error fields
 * (`error`, `error_description`, `error_uri`) and CIBA fields (`auth_req_id`, `expires_in`, `interval`).
 *
 * @param data - the parsed JSON body, or its text
 * @returns a bounded copy without credentials
 * @example
 * ```ts
 * import { redactErrorBody } from '@ones.dev/common';
 * redactErrorBody({ error: 'invalid_grant', refresh_token: 'rt-1' });
 * // { error: 'invalid_grant', refresh_token: '[redacted]' }
 * ```
 */
export function redactErrorBody(data: unknown): unknown {
  const redacted = redact(data, 0);
  if (typeof data !== 'object' || data === null) return redacted;
  if (Object.keys(data).length <= MAX_FIELDS && JSON.stringify(redacted).length <= MAX_BODY_LENGTH)
    return redacted;
  if (Array.isArray(data)) return '[…]';
  const body = data as Record<string, unknown>;
  const essential = ESSENTIAL_FIELDS.filter((name) => ['string', 'number'].includes(typeof body[name]));
  return redact(Object.fromEntries(essential.map((name) => [name, body[name]])), 0);
}
