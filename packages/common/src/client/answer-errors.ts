import type { OnesErrorResponse } from '../errors/error-codes.js';
import type { OnesError } from '../errors/errors.js';
import { OnesHttpError, OnesOAuthError } from '../errors/errors.js';
import { oauthErrorFromResponse } from '../errors/oauth-error-from-response.js';
import { errorForHttpAnswer } from '../http/answer-error.js';
import type { HttpAnswer } from '../http/http-answer.js';

// How the browser helpers read an answer that is not 2xx: loaded by `postJson` only when a server
// answered one (size-limit measures the helpers without it), so a page carries the answer-reading and redaction
// machinery only once it needs it. A network failure never needs this file: it is read at once.

/** A route whose non-2xx answers have a reading of their own. */
export type AnswerReading = 'ciba-status' | 'qr-status';

/**
 * The vendor contract: the status route answers HTTP 400 while the login is pending. A 400 that names
 * an OAuth error keeps it (`slow_down`, `access_denied`, `expired_token`, …); a bare 400 means pending.
 */
function cibaStatusError(response: OnesErrorResponse): OnesOAuthError | undefined {
  const named = oauthErrorFromResponse(response);
  if (named !== undefined || response.status !== 400) return named;
  return new OnesOAuthError('ERR_OAUTH_AUTHORIZATION_PENDING', 'the login is still pending (HTTP 400)', {
    error: 'authorization_pending',
    response,
  });
}

/** The QR status route: 404 is a QR session that expired or was used. */
function sessionNotFound(response: OnesErrorResponse): OnesHttpError | undefined {
  if (response.status !== 404) return undefined;
  return new OnesHttpError('ERR_QR_SESSION_NOT_FOUND', 'the QR session is unknown or expired (HTTP 404)', {
    response,
  });
}

const READINGS: Record<AnswerReading, (response: OnesErrorResponse) => OnesError | undefined> = {
  'ciba-status': cibaStatusError,
  'qr-status': sessionNotFound,
};

/**
 * The error for a customer route's non-2xx answer: {@link errorForHttpAnswer}, with the route's own
 * reading first when it has one.
 *
 * @example
 * throw errorForAnswer(readHttpAnswer(404, '', null), 'POST /api/auth/qr/status', 'qr-status');
 */
export function errorForAnswer(answer: HttpAnswer, what: string, reading?: AnswerReading): OnesError {
  return errorForHttpAnswer(answer, what, reading === undefined ? undefined : READINGS[reading]);
}
