import { buildLoginCode } from '@ones.dev/common';
import { QrSessionStatusRequestDtoSchema } from '@ones.dev/common/schemas';
import { withPendingLogin } from '../cookies/pending-logins.js';
import { jsonAnswer, LoginRefusal } from '../http/answers.js';
import { BROWSER_POLL_SECONDS } from '../kit-services.js';
import { secondsOf } from '../settings/clock.js';
import { type LoginRoute, ownPendingLogin, savePendingLogins } from './route-request.js';

/**
 * `POST /qr/make`: a QR login session for this browser, created with the browser's address as
 * `originIp` so the phone can show where the login comes from.
 */
export const makeQrLogin: LoginRoute = async (request, kit) => {
  const { clientAddress } = request;
  await kit.limits.countLoginStart(clientAddress);
  const session = await kit.idp((options) =>
    kit.settings.auth.makeQrAuthSessionIdp(
      clientAddress === undefined ? options : { originIp: clientAddress, ...options },
    ),
  );
  const logins = await kit.cookies.pendingLogins(request.headers.get('cookie'));
  const added = {
    kind: 'qr' as const,
    id: session.sessionId,
    startedAt: secondsOf(kit.clock),
    expiresAt: session.exp,
    interval: session.interval,
    idpInterval: session.interval,
    decoy: 0 as const,
  };
  await savePendingLogins(request, kit, withPendingLogin(logins, added));
  return jsonAnswer(200, session);
};

/**
 * `POST /qr/status` `{ sessionId }`: whether the phone scanned this browser's QR session. Once it
 * did, the SDK links one CIBA login to it, and this route hands the browser over: its cookie now
 * lists the CIBA login instead of the QR session, and the answer carries `authRequestId` with its
 * `expires_in`, `interval` and `loginCode`, to poll `POST /oidc/token` next.
 */
export const checkQrLogin: LoginRoute = async (request, kit) => {
  const body = QrSessionStatusRequestDtoSchema.safeParse(request.body);
  const { logins, login } = body.success
    ? await ownPendingLogin(request, kit, 'qr', body.data.sessionId)
    : { logins: [], login: undefined };
  if (login === undefined)
    throw new LoginRefusal('ERR_LOGIN_NOT_FOUND', 'no such login in progress in this browser');
  const pace = kit.keys.pollPace(login.id);
  if (!(await kit.store.orLocal((store) => store.add(pace, '1', Math.round(login.interval * 800) / 1000)))) {
    throw new LoginRefusal('ERR_LOGIN_RATE_LIMITED', 'ask at most once an interval', {
      'retry-after': String(login.interval),
    });
  }
  const { clientAddress } = request;
  // ping mode: the CIBA login this check may start gets a notification token of its own
  const token = kit.ping?.newToken();
  const session = await kit.idp((options) =>
    kit.settings.auth.verifyQrAuthSessionIdp(
      {
        sessionId: login.id,
        ...(clientAddress === undefined ? {} : { originIp: clientAddress }),
        ...(token === undefined ? {} : { clientNotificationToken: token }),
      },
      options,
    ),
  );
  if (session === null) {
    await savePendingLogins(request, kit, withPendingLogin(logins, undefined, [login.id]));
    throw new LoginRefusal('ERR_LOGIN_NOT_FOUND', 'the QR session ended');
  }
  const { sessionId, exp, status, authRequestId } = session;
  if (authRequestId === undefined) return jsonAnswer(200, { sessionId, exp, status });
  const now = secondsOf(kit.clock);
  const expiresIn = session.expires_in ?? Math.max(1, exp - now);
  const handedOver = {
    kind: 'ciba' as const,
    id: authRequestId,
    startedAt: now,
    expiresAt: now + expiresIn,
    interval: BROWSER_POLL_SECONDS,
    idpInterval: session.interval ?? 5,
    decoy: 0 as const,
    ...(token === undefined ? {} : { notificationToken: token }),
  };
  await savePendingLogins(request, kit, withPendingLogin(logins, handedOver, [login.id]));
  return jsonAnswer(200, {
    sessionId,
    exp,
    status,
    authRequestId,
    expires_in: expiresIn,
    interval: handedOver.interval,
    loginCode: buildLoginCode(authRequestId),
    ...(kit.ping === undefined ? {} : { held: true }),
  });
};
