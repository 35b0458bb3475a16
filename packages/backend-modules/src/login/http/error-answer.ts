import { isOnesError, OnesHttpError, OnesOAuthError } from '@ones.dev/common';
import { redactSecretsInText } from '@ones.dev/common/internal';
import type { KitLog } from '../settings/kit-log.js';
import { jsonAnswer, LoginRefusal, type RouteAnswer, refusalAnswer } from './answers.js';

/**
 * What a failed route answers. The IdP's OAuth answers to the browser's own login pass through
 * (`unknown_user_id` when unknown users are not hidden); an SDK error becomes 400 for bad input,
 * 429 for a busy IdP, 502 for an IdP that could not answer; anything else 500. The details go to
 * the log, never to the browser, and never a token.
 *
 * @example
 * return renderAnswer(answerForError(error, log, 'POST /api/auth/oidc/token'), setCookies);
 */
export function answerForError(error: unknown, log: KitLog, what: string): RouteAnswer {
  if (error instanceof LoginRefusal) {
    log('debug', 'LOGIN_REFUSED', `login kit: ${what} refused: ${error.code} (${error.status})`);
    return refusalAnswer(error);
  }
  if (error instanceof OnesOAuthError && error.response?.status === 400) {
    return jsonAnswer(400, { error: error.error });
  }
  if (isOnesError(error, 'ERR_VALIDATION_ARGUMENT')) {
    return refusalAnswer(new LoginRefusal('ERR_LOGIN_BODY_INVALID', error.message));
  }
  if (error instanceof OnesHttpError && error.response?.status === 429) {
    const after = error.retryAfterSeconds;
    return refusalAnswer(
      new LoginRefusal('ERR_LOGIN_RATE_LIMITED', 'the identity provider is busy; try again later', {
        ...(after === undefined ? {} : { 'retry-after': String(after) }),
      }),
    );
  }
  const detail = isOnesError(error)
    ? `${error.code}: ${error.message}`
    : `${(error as Error)?.name ?? 'Error'}: ${redactSecretsInText(String((error as Error)?.message ?? error))}`;
  log('warn', 'LOGIN_ROUTE_FAILED', `login kit: ${what} failed (${detail})`);
  return refusalAnswer(
    isOnesError(error)
      ? new LoginRefusal('ERR_LOGIN_IDP_UNAVAILABLE', 'the identity provider could not complete the request')
      : new LoginRefusal('ERR_LOGIN_INTERNAL', 'the login could not be completed'),
  );
}
