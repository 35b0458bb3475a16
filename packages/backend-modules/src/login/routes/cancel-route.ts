import { isWireId } from '@ones.dev/common';
import { withPendingLogin } from '../cookies/pending-logins.js';
import { jsonAnswer, LoginRefusal } from '../http/answers.js';
import { type LoginRoute, ownPendingLogin, savePendingLogins } from './route-request.js';

/**
 * `POST /cancel` `{ authRequestId }` or `{ sessionId }`: the user gave up on a login this browser
 * started (the widget's Cancel). The kit forgets it: it leaves the browser's pending-login cookie,
 * so its status route answers 404 from now on and the tokens, should the phone still approve, are
 * never fetched. OnesID offers no way to withdraw a CIBA request (CIBA Core has none): the request
 * stays on the phone until it expires, and the answer says so (`atOnesId: false`). A made-up login
 * is forgotten the same way; a login that is not this browser's is a 404.
 *
 * @example
 * // the browser: fetch('/api/auth/cancel', { method: 'POST', headers, body: JSON.stringify({ authRequestId }) })
 * // → 200 { cancelled: true, atOnesId: false }
 */
export const cancelLogin: LoginRoute = async (request, kit) => {
  const { authRequestId, sessionId } = request.body;
  const [kind, id] =
    authRequestId === undefined ? (['qr', sessionId] as const) : (['ciba', authRequestId] as const);
  if ((authRequestId === undefined) === (sessionId === undefined) || typeof id !== 'string' || !isWireId(id))
    throw new LoginRefusal('ERR_LOGIN_BODY_INVALID', 'send one of authRequestId or sessionId, a login id');
  const { logins, login } = await ownPendingLogin(request, kit, kind, id);
  if (login === undefined)
    throw new LoginRefusal('ERR_LOGIN_NOT_FOUND', 'no such login in progress in this browser');
  await savePendingLogins(request, kit, withPendingLogin(logins, undefined, [login.id]));
  return jsonAnswer(200, { cancelled: true, atOnesId: false });
};
