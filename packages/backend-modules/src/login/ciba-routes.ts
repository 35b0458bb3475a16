import {
  buildLoginCode,
  isOnesError,
  type LoginHintKind,
  OnesOAuthError,
  OnesValidationError,
  type TokenResponse,
  unixTimeInSeconds,
} from '@ones.dev/common';
import {
  CibaAuthRequestFrontendDtoSchema,
  CibaAuthStatusRequestFrontendDtoSchema,
} from '@ones.dev/common/schemas';
import { isFallbackPollDue, newNotificationToken, rememberPingLogin, waitForPing } from './ciba-ping.js';
import { jsonAnswer, LoginRefusal, type RouteAnswer } from './login-answers.js';
import { newSession } from './login-session.js';
import { type PendingLogin, withPendingLogin } from './pending-logins.js';
import { countLoginStart, paceThePoll } from './rate-limits.js';
import { type LoginRoute, ownPendingLogin, type RouteContext, savePendingLogins } from './route-context.js';
import {
  isAboutTheUser,
  lastLikeARealStart,
  learnCibaTiming,
  pollLikeARealLogin,
  standInAcknowledgement,
} from './unknown-users.js';

const TERMINAL = new Set(['access_denied', 'expired_token', 'invalid_grant', 'transaction_failed']);

async function acknowledge(context: RouteContext, userIdentifier: string, kind: LoginHintKind | undefined) {
  const { kit } = context;
  const started = performance.now();
  // ping mode: a token of this login's own, which the IdP's notification must carry
  const token = kit.settings.cibaPingHoldMs === undefined ? undefined : newNotificationToken();
  try {
    const login = await kit.settings.auth.makeCibaRequest({
      loginHint: { kind, value: userIdentifier },
      ...(token === undefined ? {} : { clientNotificationToken: token }),
    });
    kit.noteStart(performance.now() - started);
    const timing = { expires_in: login.expires_in, interval: login.interval ?? 5 };
    if (token !== undefined) await rememberPingLogin(kit, login.auth_req_id, token, login.expires_in);
    await learnCibaTiming(kit, timing);
    return { auth_req_id: login.auth_req_id, ...timing, decoy: 0 as const };
  } catch (error) {
    if (!(kit.settings.hideUnknownUsers && isAboutTheUser(error))) throw error;
    await lastLikeARealStart(kit, performance.now() - started);
    const standIn = await standInAcknowledgement(kit);
    if (token !== undefined) await rememberPingLogin(kit, standIn.auth_req_id, token, standIn.expires_in);
    return { ...standIn, decoy: 1 as const };
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
  await countLoginStart(context, userIdentifier, loginHintKind);
  const { decoy, ...ack } = await acknowledge(context, userIdentifier, loginHintKind);
  const logins = await context.kit.pendingLogins(context.facts, context.secure);
  const expiresAt = unixTimeInSeconds() + ack.expires_in;
  const login = { kind: 'ciba' as const, id: ack.auth_req_id, expiresAt, interval: ack.interval, decoy };
  await savePendingLogins(context, withPendingLogin(logins, login));
  return jsonAnswer(200, { ...ack, loginCode: buildLoginCode(ack.auth_req_id) });
};

async function logIn(context: RouteContext, tokens: TokenResponse): Promise<RouteAnswer> {
  const { auth, mode } = context.kit.settings;
  // Who logged in, checked (signature, issuer, audience, expiry, nonce-free CIBA rules) before use.
  const claims = await auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' });
  context.kit.settings.log({ level: 'info', message: `login kit: a login completed (${mode} mode)` });
  if (mode === 'tokens') return jsonAnswer(200, tokens);
  const session = newSession(tokens, await withUserInfo(context, tokens, claims), context.kit.settings);
  context.setCookies.push(await context.kit.sessionCookie(session, context.secure));
  return jsonAnswer(200, context.kit.view(session));
}

/**
 * Claims only the ID token speaks for: who issued it to whom, when and how the user authenticated.
 * UserInfo's answer never replaces them (an app decides step-up by `acr`, `amr`, `auth_time`).
 */
const ID_TOKEN_ONLY = new Set([
  'iss',
  'sub',
  'aud',
  'azp',
  'exp',
  'iat',
  'nbf',
  'jti',
  'nonce',
  'sid',
  'auth_time',
  'acr',
  'amr',
  'at_hash',
  'c_hash',
]);

/** The ID token's claims, with UserInfo's profile claims over them when the kit asks for it (`userInfo`). */
async function withUserInfo(
  context: RouteContext,
  tokens: TokenResponse,
  claims: Readonly<Record<string, unknown>> & { readonly sub: string },
): Promise<Readonly<Record<string, unknown>>> {
  const { auth, userInfo, log } = context.kit.settings;
  if (!userInfo) return claims;
  let answer: Readonly<Record<string, unknown>>;
  try {
    answer = await auth.userInfo(tokens.access_token);
  } catch (error) {
    const code = isOnesError(error) ? error.code : 'an unexpected error';
    log({
      level: 'warn',
      message: `login kit: UserInfo failed (${code}); the session keeps the ID token's claims`,
    });
    return claims;
  }
  // An answer about someone else is no failure to shrug off: no session starts (Core §5.3.4).
  if (answer.sub !== claims.sub)
    throw new OnesValidationError(
      'ERR_VALIDATION_RESPONSE',
      'the UserInfo answer is about another user than the ID token',
    );
  const profile = Object.entries(answer).filter(([name]) => !ID_TOKEN_ONLY.has(name));
  return { ...claims, ...Object.fromEntries(profile) };
}

/**
 * Ping mode: whether to ask the IdP now. The fallback comes first (without a notification the kit
 * asks the IdP itself every 30 s, at once and without holding, so the answer stays within the
 * browser helpers' 10 s request timeout); otherwise the request is held until the notification, up
 * to `holdMs`. A stand-in for an unknown user goes through the same steps (the same store reads and
 * writes, the same hold, its fallback poll due at the same times) and is never notified. Nothing is
 * asked once the browser went away: the tokens could be fetched only once.
 */
async function isDecided(context: RouteContext, login: PendingLogin, holdMs: number): Promise<boolean> {
  const { kit, signal } = context;
  if (await isFallbackPollDue(kit, login.id)) return signal?.aborted !== true;
  const told = await waitForPing(kit, login.id, holdMs, signal);
  return told && login.decoy !== 1 && signal?.aborted !== true;
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
  // Polled faster than its interval: the IdP would say slow_down; the kit says it first, for a real
  // login and a stand-in alike, and the IdP is spared the request.
  if (!(await paceThePoll(context, login))) return jsonAnswer(400, { error: 'slow_down' });
  const ended = login.expiresAt <= unixTimeInSeconds();
  const holdMs = context.kit.settings.cibaPingHoldMs;
  if (holdMs !== undefined && !ended && !(await isDecided(context, login, holdMs))) {
    return jsonAnswer(400, { error: 'authorization_pending' });
  }
  if (login.decoy === 1) {
    // here a real login would ask the IdP (poll mode, a fallback poll, or its end): so does a stand-in
    await pollLikeARealLogin(context.kit, login.id);
    if (ended) await savePendingLogins(context, withPendingLogin(logins, undefined, [login.id]));
    return jsonAnswer(400, { error: ended ? 'expired_token' : 'authorization_pending' });
  }
  try {
    const tokens = await context.kit.settings.auth.checkCibaStatus(login.id);
    await savePendingLogins(context, withPendingLogin(logins, undefined, [login.id]));
    return await logIn(context, tokens);
  } catch (error) {
    if (!(error instanceof OnesOAuthError) || error.response?.status !== 400) throw error;
    if (TERMINAL.has(error.error) || ended) {
      await savePendingLogins(context, withPendingLogin(logins, undefined, [login.id]));
    }
    // Only the error code: the IdP's description would tell a real login from a stand-in.
    return jsonAnswer(400, { error: error.error });
  }
};
