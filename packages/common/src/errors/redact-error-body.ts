/** Fields of an answer that hold a credential: replaced before the body is kept on an error. */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
  'access_token',
  'refresh_token',
  'id_token',
  'client_assertion',
  'assertion',
]);
/** Fields kept when an error body is too long to keep whole: those of an OAuth error and a CIBA answer. */
const ESSENTIAL_FIELDS = ['error', 'error_description', 'error_uri', 'auth_req_id', 'expires_in', 'interval'];
const MAX_TEXT_LENGTH = 500;
const MAX_BODY_LENGTH = 2_000;
const MAX_DEPTH = 4;
/** What stands in for a credential in a kept error body. */
export const REDACTED = '[redacted]';

function redact(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.slice(0, MAX_TEXT_LENGTH);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 20).map((item) => redact(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    copy[name] = SECRET_FIELDS.has(name) ? REDACTED : redact(field, depth + 1);
  }
  return copy;
}

/**
 * Makes an error answer's body safe to keep on an error (`response.data`), where applications log
 * it: credentials (`access_token`, `refresh_token`, `id_token`, `client_assertion`, `assertion`, at
 * any depth) become `'[redacted]'`, strings are cut at 500 characters, and a body still longer than
 * 2,000 characters keeps only its OAuth error fields (`error`, `error_description`, `error_uri`)
 * and CIBA fields (`auth_req_id`, `expires_in`, `interval`).
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
  if (typeof redacted !== 'object' || redacted === null || JSON.stringify(redacted).length <= MAX_BODY_LENGTH)
    return redacted;
  if (Array.isArray(redacted)) return '[a JSON array too long to keep]';
  const kept: Record<string, unknown> = {};
  for (const name of ESSENTIAL_FIELDS) {
    const field = (redacted as Record<string, unknown>)[name];
    if (typeof field === 'string' || typeof field === 'number') kept[name] = field;
  }
  return kept;
}
