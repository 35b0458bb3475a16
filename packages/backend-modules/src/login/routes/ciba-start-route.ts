import { buildLoginCode, type LoginHintKind } from '@ones.dev/common';
import { CibaAuthRequestFrontendDtoSchema } from '@ones.dev/common/schemas';
import { type PendingLogin, withPendingLogin } from '../cookies/pending-logins.js';
import { type CibaTiming, isAboutTheUser } from '../defences/made-up-logins.js';
import { jsonAnswer, LoginRefusal } from '../http/answers.js';
import { BROWSER_POLL_SECONDS, type KitServices } from '../kit-services.js';
import { secondsOf } from '../settings/clock.js';
import { type LoginRoute, savePendingLogins } from './route-request.js';

/** The IdP's acknowledgement, or a made-up one (`decoy` 1) for a user the IdP does not know. */
type Acknowledgement = CibaTiming & {
  readonly id: string;
  readonly decoy: 0 | 1;
  readonly notificationToken: string | undefined;
};

async function acknowledge(kit: KitServices, value: string, kind: LoginHintKind): Promise<Acknowledgement> {
  const { auth, hideUnknownUsers } = kit.settings;
  const started = performance.now();
  // ping mode: a token of this login's own, which the IdP's notification must carry
  const token = kit.ping?.newToken();
  try {
    const login = await kit.idp((options) =>
      auth.makeCibaRequest(
        {
          loginHint: { kind, value },
          requestedExpiry: kit.loginSeconds,
          ...(token === undefined ? {} : { clientNotificationToken: token }),
        },
        options,
      ),
    );
    const timing = { expiresIn: login.expires_in, idpInterval: login.interval ?? 5 };
    await kit.madeUp.learn(timing);
    await kit.madeUp.lastLikeEveryStart(started);
    return { id: login.auth_req_id, ...timing, decoy: 0, notificationToken: token };
  } catch (error) {
    if (!(hideUnknownUsers && isAboutTheUser(error))) throw error;
    const timing = await kit.madeUp.timing();
    await kit.madeUp.lastLikeEveryStart(started);
    return { id: kit.madeUp.newId(), ...timing, decoy: 1, notificationToken: token };
  }
}

/**
 * `POST /oidc/bc-authorize` `{ userIdentifier, loginHintKind? }`: starts a CIBA login for this
 * browser. Answers `{ auth_req_id, expires_in, interval, loginCode }` (and `held: true` in ping
 * mode), alike for a user the IdP does not know (see `hideUnknownUsers`); the browser's cookie lists
 * the login.
 */
export const startCibaLogin: LoginRoute = async (request, kit) => {
  const body = CibaAuthRequestFrontendDtoSchema.safeParse(request.body);
  if (!body.success) {
    throw new LoginRefusal(
      'ERR_LOGIN_BODY_INVALID',
      '"userIdentifier" must be a string of 1 to 256 characters',
    );
  }
  const { userIdentifier, loginHintKind: kind = 'username' } = body.data;
  if (!kit.settings.loginHintKinds.includes(kind)) {
    throw new LoginRefusal(
      'ERR_LOGIN_BODY_INVALID',
      `"loginHintKind" must be one of ${kit.settings.loginHintKinds.join(', ')} (loginHintKinds)`,
    );
  }
  await kit.limits.countLoginStart(request.clientAddress, { kind, identifier: userIdentifier });
  const ack = await acknowledge(kit, userIdentifier, kind);
  const now = secondsOf(kit.clock);
  const login: PendingLogin = {
    kind: 'ciba',
    id: ack.id,
    startedAt: now,
    expiresAt: now + ack.expiresIn,
    interval: BROWSER_POLL_SECONDS,
    idpInterval: ack.idpInterval,
    decoy: ack.decoy,
    ...(ack.notificationToken === undefined ? {} : { notificationToken: ack.notificationToken }),
  };
  if (login.idpInterval > login.interval) {
    // the IdP asks to be polled less often than the browser polls the kit: its first poll waits too
    const key = kit.keys.idpPace(login.id);
    await kit.store.orLocal((store) => store.add(key, '1', login.idpInterval));
  }
  const logins = await kit.cookies.pendingLogins(request.headers.get('cookie'));
  await savePendingLogins(request, kit, withPendingLogin(logins, login));
  return jsonAnswer(200, {
    auth_req_id: login.id,
    expires_in: ack.expiresIn,
    interval: login.interval,
    loginCode: buildLoginCode(login.id),
    // ping mode: a status request waits for the decision, so the first may go out at once
    ...(kit.ping === undefined ? {} : { held: true }),
  });
};
