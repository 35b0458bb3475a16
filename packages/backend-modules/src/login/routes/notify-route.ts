import { isWireId } from '@ones.dev/common/internal';
import { jsonAnswer, LoginRefusal } from '../http/answers.js';
import type { LoginRoute } from './route-request.js';

/**
 * `POST {basePath}/ciba/notify`, called by the IdP in ping mode (CIBA Core §10.2):
 * `Authorization: Bearer <token>` and `{ auth_req_id }`. The token must be one this kit made (its
 * MAC is checked in constant time, without the store); a wrong token, an unknown login and poll mode
 * all get the same 404. An accepted one marks the login decided for every instance: 204, however
 * often the IdP sends it. It only makes the kit ask the IdP for the tokens, so a replay gives
 * nobody anything.
 */
export const notifyCibaLogin: LoginRoute = async (request, kit) => {
  const [scheme, token] = (request.headers.get('authorization') ?? '').split(' ');
  const authReqId = request.body.auth_req_id;
  const accepted =
    kit.ping !== undefined &&
    scheme?.toLowerCase() === 'bearer' &&
    token !== undefined &&
    isWireId(authReqId) &&
    kit.ping.isOurs(token);
  if (!accepted) {
    throw new LoginRefusal('ERR_LOGIN_NOT_FOUND', 'no such login waits for a notification', {
      'www-authenticate': 'Bearer',
    });
  }
  await kit.ping?.announce(token as string, authReqId as string);
  return jsonAnswer(204, null);
};
