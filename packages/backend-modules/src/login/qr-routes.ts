import { buildLoginCode, unixTimeInSeconds } from '@ones.dev/common';
import { QrSessionStatusRequestDtoSchema } from '@ones.dev/common/schemas';
import { newNotificationToken, rememberPingLogin } from './ciba-ping.js';
import { jsonAnswer, LoginRefusal } from './login-answers.js';
import { withPendingLogin } from './pending-logins.js';
import { countLoginStart, paceThePoll } from './rate-limits.js';
import { type LoginRoute, ownPendingLogin, savePendingLogins } from './route-context.js';

/**
 * `POST /qr/make`: a QR login session for this browser, created with the browser's address as
 * `originIp` so the phone can show where the login comes from.
 */
export const makeQrLogin: LoginRoute = async (context) => {
  await countLoginStart(context);
  const { clientAddress } = context;
  const session = await context.kit.settings.auth.makeQrAuthSessionIdp(
    clientAddress === undefined ? {} : { originIp: clientAddress },
  );
  const logins = await context.kit.pendingLogins(context.facts, context.secure);
  await savePendingLogins(
    context,
    withPendingLogin(logins, {
      kind: 'qr',
      id: session.sessionId,
      expiresAt: session.exp,
      interval: session.interval,
      decoy: 0,
    }),
  );
  return jsonAnswer(200, session);
};

/**
 * `POST /qr/status` `{ sessionId }`: whether the phone scanned this browser's QR session. Once it
 * did, the SDK links one CIBA login to it, and this route hands the browser over: its cookie now
 * lists the CIBA login instead of the QR session, and the answer carries `authRequestId` with its
 * `expires_in`, `interval` and `loginCode`, to poll `POST /oidc/token` next.
 */
export const checkQrLogin: LoginRoute = async (context) => {
  const body = QrSessionStatusRequestDtoSchema.safeParse(context.body);
  const { logins, login } = body.success
    ? await ownPendingLogin(context, 'qr', body.data.sessionId)
    : { logins: [], login: undefined };
  if (login === undefined)
    throw new LoginRefusal('ERR_LOGIN_NOT_FOUND', 'no such login in progress in this browser');
  if (!(await paceThePoll(context, login))) {
    throw new LoginRefusal('ERR_LOGIN_RATE_LIMITED', 'ask at most once an interval', {
      'retry-after': String(login.interval),
    });
  }
  const { clientAddress, kit } = context;
  // ping mode: the CIBA login this check may start gets a notification token of its own
  const token = kit.settings.cibaPingHoldMs === undefined ? undefined : newNotificationToken();
  const session = await kit.settings.auth.verifyQrAuthSessionIdp({
    sessionId: login.id,
    ...(clientAddress === undefined ? {} : { originIp: clientAddress }),
    ...(token === undefined ? {} : { clientNotificationToken: token }),
  });
  if (session === null) {
    await savePendingLogins(context, withPendingLogin(logins, undefined, [login.id]));
    throw new LoginRefusal('ERR_LOGIN_NOT_FOUND', 'the QR session ended');
  }
  const { sessionId, exp, status, authRequestId } = session;
  if (authRequestId === undefined) return jsonAnswer(200, { sessionId, exp, status });
  const expiresIn = session.expires_in ?? Math.max(1, exp - unixTimeInSeconds());
  const interval = session.interval ?? 5;
  const handedOver = {
    kind: 'ciba' as const,
    id: authRequestId,
    expiresAt: unixTimeInSeconds() + expiresIn,
    interval,
    decoy: 0 as const,
  };
  if (token !== undefined) await rememberPingLogin(kit, authRequestId, token, expiresIn);
  await savePendingLogins(context, withPendingLogin(logins, handedOver, [login.id]));
  return jsonAnswer(200, {
    sessionId,
    exp,
    status,
    authRequestId,
    expires_in: expiresIn,
    interval,
    loginCode: buildLoginCode(authRequestId),
  });
};
