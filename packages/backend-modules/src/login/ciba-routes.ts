import { randomBytes } from 'node:crypto';
import { buildLoginCode, type LoginHintKind, OnesOAuthError, type TokenResponse } from '@ones.dev/common';
import {
  CibaAuthRequestFrontendDtoSchema,
  CibaAuthStatusRequestFrontendDtoSchema,
} from '@ones.dev/common/schemas';
import { jsonAnswer, LoginRefusal, type RouteAnswer } from './login-answers.js';
import { newSession } from './login-session.js';
import { withPendingLogin } from './pending-logins.js';
import { type LoginRoute, ownPendingLogin, type RouteContext, savePendingLogins } from './route-context.js';

const nowInSeconds = () => Math.floor(Date.now() / 1000);
const TERMINAL = new Set(['access_denied', 'expired_token', 'invalid_grant', 'transaction_failed']);

/** Counts a login start against the limits per address and per user identifier. */
export async function countLoginStart(context: RouteContext, user?: string): Promise<void> {
  const { rateLimits, settings } = context.kit;
  if (context.clientAddress === undefined) context.kit.warnNoClientAddress();
  await rateLimits.count('start-address', context.clientAddress, settings.rateLimits.loginStartsPerAddress);
  if (user !== undefined) {
    await rateLimits.count('start-user', user.toLowerCase(), settings.rateLimits.loginStartsPerUser);
  }
}

async function acknowledge(context: RouteContext, userIdentifier: string, kind: LoginHintKind | undefined) {
  const { auth, hideUnknownUsers } = context.kit.settings;
  try {
    const login = await auth.makeCibaRequest({ loginHint: { kind, value: userIdentifier } });
    const ack = { expires_in: login.expires_in, interval: login.interval ?? 5 };
    context.kit.cibaTiming = ack;
    return { auth_req_id: login.auth_req_id, ...ack, decoy: false };
  } catch (error) {
    if (
      !(hideUnknownUsers && error instanceof OnesOAuthError && error.code === 'ERR_OAUTH_UNKNOWN_USER_ID')
    ) {
      throw error;
    }
    // The same answer a known user gets: an id of the same shape, the same timing. It stays pending
    // until it expires, as a login nobody approves does.
    const ack = context.kit.cibaTiming;
    return { auth_req_id: randomBytes(32).toString('base64url').slice(0, 43), ...ack, decoy: true };
  }
}

/** `POST /oidc/bc-authorize` `{ userIdentifier, loginHintKind? }`: starts a CIBA login for this browser. */
export const startCibaLogin: LoginRoute = async (context) => {
  const body = CibaAuthRequestFrontendDtoSchema.safeParse(context.body);
  if (!body.success) {
    throw new LoginRefusal(
      'ERR_LOGIN_BODY_INVALID',
      '"userIdentifier" must be a string of 1 to 256 characters',
    );
  }
  const { userIdentifier, loginHintKind } = body.data;
  await countLoginStart(context, `${loginHintKind ?? 'username'}:${userIdentifier}`);
  const { decoy, ...ack } = await acknowledge(context, userIdentifier, loginHintKind);
  const logins = await context.kit.pendingLogins(context.facts, context.secure);
  const expiresAt = nowInSeconds() + ack.expires_in;
  const login = {
    kind: 'ciba' as const,
    id: ack.auth_req_id,
    expiresAt,
    ...(decoy ? { decoy: true as const } : {}),
  };
  await savePendingLogins(context, withPendingLogin(logins, login));
  return jsonAnswer(200, { ...ack, loginCode: buildLoginCode(ack.auth_req_id) });
};

async function logIn(context: RouteContext, tokens: TokenResponse): Promise<RouteAnswer> {
  const { auth, mode } = context.kit.settings;
  // Who logged in, checked (signature, issuer, audience, expiry, nonce-free CIBA rules) before use.
  const claims = await auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' });
  context.kit.settings.log({ level: 'info', message: `login kit: a login completed (${mode} mode)` });
  if (mode === 'tokens') return jsonAnswer(200, tokens);
  const session = newSession(tokens, claims, context.kit.settings);
  context.setCookies.push(await context.kit.sessionCookie(session, context.secure));
  return jsonAnswer(200, context.kit.view(session));
}

/**
 * `POST /oidc/token` `{ authRequestId }`: whether this browser's CIBA login finished. While pending:
 * HTTP 400 with the IdP's `{ error: 'authorization_pending' }` (the vendor's contract). Once
 * approved: the session (`{ user, expiresAt }`, tokens in a cookie) or, in tokens mode, the tokens.
 */
export const checkCibaLogin: LoginRoute = async (context) => {
  const body = CibaAuthStatusRequestFrontendDtoSchema.safeParse(context.body);
  const { logins, login } = body.success
    ? await ownPendingLogin(context, 'ciba', body.data.authRequestId)
    : { logins: [], login: undefined };
  if (login === undefined)
    throw new LoginRefusal('ERR_LOGIN_NOT_FOUND', 'no such login in progress in this browser');
  if (login.decoy) {
    const ended = login.expiresAt <= nowInSeconds();
    if (ended) await savePendingLogins(context, withPendingLogin(logins, undefined, [login.id]));
    return jsonAnswer(400, { error: ended ? 'expired_token' : 'authorization_pending' });
  }
  try {
    const tokens = await context.kit.settings.auth.checkCibaStatus(login.id);
    await savePendingLogins(context, withPendingLogin(logins, undefined, [login.id]));
    return await logIn(context, tokens);
  } catch (error) {
    if (!(error instanceof OnesOAuthError) || error.response?.status !== 400) throw error;
    if (TERMINAL.has(error.error))
      await savePendingLogins(context, withPendingLogin(logins, undefined, [login.id]));
    return jsonAnswer(400, {
      error: error.error,
      ...(error.errorDescription === undefined ? {} : { error_description: error.errorDescription }),
    });
  }
};
