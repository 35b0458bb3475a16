import { isOnesError, OnesValidationError, type TokenResponse } from '@ones.dev/common';
import { sessionView } from '../cookies/login-session.js';
import { jsonAnswer, type RouteAnswer } from '../http/answers.js';
import type { KitServices } from '../kit-services.js';
import type { RouteRequest } from './route-request.js';

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
  kit: KitServices,
  tokens: TokenResponse,
  claims: Readonly<Record<string, unknown>> & { readonly sub: string },
): Promise<Readonly<Record<string, unknown>>> {
  const { auth, userInfo, log } = kit.settings;
  if (!userInfo) return claims;
  let answer: Readonly<Record<string, unknown>>;
  try {
    answer = await kit.idp((options) => auth.userInfo(tokens.access_token, options));
  } catch (error) {
    const code = isOnesError(error) ? error.code : 'an unexpected error';
    log(
      'warn',
      'LOGIN_USERINFO_FAILED',
      `login kit: UserInfo failed (${code}); the session keeps the ID token's claims`,
    );
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
 * A login the IdP completed: its ID token validated (signature, issuer, audience, expiry), then, in
 * session mode, a new session in a new cookie (`{ user, expiresAt }`), or, in tokens mode, the tokens.
 *
 * @example
 * return completeLogin(request, kit, await kit.settings.auth.checkCibaStatus(login.id));
 */
export async function completeLogin(
  request: RouteRequest,
  kit: KitServices,
  tokens: TokenResponse,
): Promise<RouteAnswer> {
  const { auth, mode, log } = kit.settings;
  const claims = await kit.idp((options) =>
    auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token', ...options }),
  );
  log('info', 'LOGIN_COMPLETED', `login kit: a login completed (${mode} mode)`);
  if (mode === 'tokens') return jsonAnswer(200, tokens);
  const session = kit.sessions.create(tokens, await withUserInfo(kit, tokens, claims));
  request.setCookies.push(await kit.cookies.sessionCookie(session));
  return jsonAnswer(200, sessionView(session));
}
