import type { HttpAnswer } from '@ones.dev/common/internal';

const ERROR = /\berror="([a-z_]{1,64})"/;
const DESCRIPTION = /\berror_description="([^"\\]{0,200})"/;

/**
 * A 401 from a bearer-protected endpoint (UserInfo) may carry its OAuth error only in
 * `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3), with an empty body: the answer
 * then reads as if the body had said so, so that it becomes the same typed error.
 */
export function bearerChallenge(answer: HttpAnswer, header: string | null): HttpAnswer {
  if (answer.status !== 401 || header === null || !/^\s*bearer\b/i.test(header)) return answer;
  const body = answer.data as { error?: unknown } | null;
  if (answer.json && typeof body === 'object' && body !== null && typeof body.error === 'string')
    return answer;
  const error = ERROR.exec(header)?.[1];
  if (error === undefined) return answer;
  const description = DESCRIPTION.exec(header)?.[1];
  return {
    ...answer,
    json: true,
    data: { error, ...(description ? { error_description: description } : {}) },
  };
}
