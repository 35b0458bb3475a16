import type { OnesErrorResponse } from '../errors/error-codes.js';
import { loginErrorCodeIn } from '../errors/error-codes.js';
import type { OnesError } from '../errors/errors.js';
import { OnesHttpError } from '../errors/errors.js';
import { oauthErrorFromResponse } from '../errors/oauth-error-from-response.js';
import { redactErrorBody } from '../errors/redact-error-body.js';
import type { HttpAnswer } from './http-answer.js';

/**
 * The error for an answer that is not 2xx, with its body bounded and without credentials
 * (`redactErrorBody`) as `response.data`. A 429 or 503 is always `OnesHttpError` with
 * `retryAfterSeconds`, whatever else its body says, so pollers wait it out; otherwise a route's own
 * reading (`errorForResponse`), then an OAuth error body (`OnesOAuthError`), then
 * `OnesHttpError`. An `OnesHttpError`'s code is the login kit's (`ERR_LOGIN_RATE_LIMITED`, …) when
 * the body names one (its reason is `response.data.message`); else `ERR_HTTP_STATUS`.
 *
 * @param answer - the answer
 * @param what - the request, for the message, e.g. `POST /oidc/token`
 * @param errorForResponse - a route's own reading of its answers, if it has one
 * @returns the error to throw
 * @example
 * ```ts
 * import { errorForHttpAnswer, readHttpAnswer } from '@ones.dev/common/internal';
 * const error = errorForHttpAnswer(readHttpAnswer(503, '', '7'), 'POST /oidc/token');
 * console.log(error.code); // 'ERR_HTTP_STATUS', with retryAfterSeconds 7
 * ```
 */
export function errorForHttpAnswer(
  answer: HttpAnswer,
  what: string,
  errorForResponse?: (response: OnesErrorResponse) => OnesError | undefined,
): OnesError {
  const response = { status: answer.status, data: redactErrorBody(answer.data) };
  const busy = answer.status === 429 || answer.status === 503;
  const kitCode = loginErrorCodeIn(response.data);
  return (
    (!busy && (errorForResponse?.(response) ?? oauthErrorFromResponse(response))) ||
    new OnesHttpError(
      kitCode ?? 'ERR_HTTP_STATUS',
      `${what} answered HTTP ${answer.status}${kitCode === undefined ? '' : ` ${kitCode}`}`,
      { response, retryAfterSeconds: answer.retryAfterSeconds },
    )
  );
}
