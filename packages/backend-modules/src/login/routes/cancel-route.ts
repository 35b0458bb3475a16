import { isOnesError } from '@ones.dev/common';
import { isWireId } from '@ones.dev/common/internal';
import { type PendingLogin, withPendingLogin } from '../cookies/pending-logins.js';
import { jsonAnswer, LoginRefusal } from '../http/answers.js';
import type { KitServices } from '../kit-services.js';
import { type LoginRoute, ownPendingLogin, savePendingLogins } from './route-request.js';

/**
 * `POST /cancel` `{ authRequestId }` or `{ sessionId }`: the user gave up on a login this browser
 * started (the widget's Cancel). The kit forgets it first: it leaves the browser's pending-login
 * cookie, so its status route answers 404 from now on and the tokens, should the phone still approve,
 * are never fetched. Then it withdraws a CIBA login from the phone where OnesID offers it
 * (`DeviceAuthentication.cancelCibaRequest`); `atOnesId` says whether it did. Where OnesID offers no
 * way, or does not answer in time, the request stays on the phone until it expires (`atOnesId:
 * false`; a failure is logged as `LOGIN_CANCEL_FAILED`). A QR code not scanned yet is on no phone
 * (`atOnesId: false`). A made-up login answers as a real one would; a login that is not this
 * browser's is a 404.
 *
 * @example
 * // the browser: fetch('/api/auth/cancel', { method: 'POST', headers, body: JSON.stringify({ authRequestId }) })
 * // → 200 { cancelled: true, atOnesId: true }
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
  return jsonAnswer(200, { cancelled: true, atOnesId: await withdrawAtOnesId(kit, login) });
};

/** Whether OnesID withdrew the login from the phone; never throws (the kit has forgotten it already). */
async function withdrawAtOnesId(kit: KitServices, login: PendingLogin): Promise<boolean> {
  if (login.kind !== 'ciba') return false;
  const { auth } = kit.settings;
  try {
    // a made-up login (an unknown username) answers as a real one at an IdP that can withdraw it
    if (login.decoy === 1)
      return (await kit.idp((options) => auth.endpoints(options))).cibaCancel !== undefined;
    return await kit.idp((options) => auth.cancelCibaRequest(login.id, options));
  } catch (error) {
    kit.settings.log(
      'warn',
      'LOGIN_CANCEL_FAILED',
      `login kit: a cancelled login was forgotten, but OnesID did not withdraw it from the phone (${isOnesError(error) ? error.code : 'unexpected error'}); it stays there until it expires`,
    );
    return false;
  }
}
