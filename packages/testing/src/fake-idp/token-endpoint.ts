import { encryptedFor } from './encrypt-for-client.js';
import type { FakeIdpContext } from './fake-idp-context.js';
import type { FakeCibaRequest } from './fake-idp-state.js';
import { answerJwtBearerGrant, JWT_BEARER_GRANT } from './jwt-bearer-grant.js';

/** A token endpoint answer. */
export type Answer = { readonly status: number; readonly body: Record<string, unknown> };
/** An OAuth error answer (RFC 6749 §5.2). */
export const oauthError = (error: string, status = 400, description?: string): Answer => ({
  status,
  body: description ? { error, error_description: description } : { error },
});

/** Issues tokens for `sub`; a user's login also gets an ID token and a refresh token (`login`). */
export async function issueTokens(
  context: FakeIdpContext,
  sub: string,
  scope: string,
  resources: readonly string[],
  login = true,
) {
  const { state, keys, issuer, device, tokenLifetimeSeconds } = context;
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + tokenLifetimeSeconds;
  const audience =
    resources.length === 0 ? device.clientId : resources.length === 1 ? (resources[0] ?? '') : [...resources];
  // As oidc-provider (and dev-idp): a JWT access token (RFC 9068) for a resource, an opaque one without.
  const accessToken =
    resources.length === 0
      ? `at-${crypto.randomUUID()}`
      : await keys.sign(
          {
            iss: issuer,
            sub,
            aud: audience,
            client_id: device.clientId,
            scope,
            iat,
            exp,
            jti: crypto.randomUUID(),
          },
          'at+jwt',
        );
  state.tokens.set(accessToken, {
    kind: 'access',
    sub,
    scope,
    iat,
    expiresAt: exp * 1000,
    audience,
    revoked: false,
  });
  const answer: Record<string, unknown> = {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: tokenLifetimeSeconds,
    scope,
  };
  if (sub !== device.clientId && login) {
    const idToken = await keys.sign({ iss: issuer, sub, aud: device.clientId, iat, exp, auth_time: iat });
    answer.id_token = await encryptedFor(context, idToken);
    const refreshToken = `rt-${crypto.randomUUID()}`;
    state.tokens.set(refreshToken, {
      kind: 'refresh',
      sub,
      scope,
      iat,
      expiresAt: (iat + 86_400) * 1000,
      audience,
      revoked: false,
    });
    answer.refresh_token = refreshToken;
  }
  return answer;
}

async function pollCiba(context: FakeIdpContext, request: FakeCibaRequest | undefined): Promise<Answer> {
  if (request === undefined) return oauthError('invalid_grant', 400, 'unknown auth_req_id');
  if (request.status === 'consumed') {
    // A conforming IdP revokes everything issued for an auth_req_id that is used again.
    for (const token of request.issuedTokens) {
      const issued = context.state.tokens.get(token);
      if (issued) issued.revoked = true;
    }
    return oauthError('invalid_grant', 400, 'auth_req_id already used');
  }
  if (request.status === 'pending' && Date.now() >= request.expiresAt) request.status = 'expired';
  if (request.status === 'expired') return oauthError('expired_token');
  if (request.status === 'denied') return oauthError('access_denied');
  if (request.status === 'pending') {
    if (context.state.slowDownsLeft > 0) {
      context.state.slowDownsLeft -= 1;
      return oauthError('slow_down');
    }
    return oauthError('authorization_pending');
  }
  const tokens = await issueTokens(context, request.user.sub, request.scope, request.resources);
  request.status = 'consumed';
  request.issuedTokens = [String(tokens.access_token), String(tokens.refresh_token)];
  return { status: 200, body: tokens };
}

async function refresh(context: FakeIdpContext, refreshToken: string | undefined): Promise<Answer> {
  const issued = refreshToken === undefined ? undefined : context.state.tokens.get(refreshToken);
  if (issued === undefined || issued.kind !== 'refresh' || issued.revoked || Date.now() >= issued.expiresAt) {
    return oauthError('invalid_grant', 400, 'refresh token is unknown, used or expired');
  }
  issued.revoked = true; // rotation: each refresh token works once
  const resources = typeof issued.audience === 'string' ? [] : issued.audience;
  return { status: 200, body: await issueTokens(context, issued.sub, issued.scope, resources) };
}

/** Answers a token-endpoint request whose client assertion already verified. */
export async function answerTokenRequest(
  context: FakeIdpContext,
  form: Readonly<Record<string, string>>,
): Promise<Answer> {
  switch (form.grant_type) {
    case 'client_credentials':
      return { status: 200, body: await issueTokens(context, context.device.clientId, 'device', []) };
    case 'urn:openid:params:grant-type:ciba':
      return pollCiba(context, context.state.cibaRequests.get(form.auth_req_id ?? ''));
    case 'refresh_token':
      return refresh(context, form.refresh_token);
    case JWT_BEARER_GRANT:
      return answerJwtBearerGrant(context, form);
    default:
      return oauthError('unsupported_grant_type');
  }
}
