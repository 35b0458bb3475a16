import type { LoginHint } from '@ones.dev/common';
import { isBindingMessage } from '@ones.dev/common/internal';
import { type ExtensionAnswer, findUser, loginHintOfToken } from '@ones.dev/idp-model';
import type { FakeIdpContext } from './fake-idp-context.js';
import { linkQrSession } from './qr-session-endpoints.js';
import { verifyDeviceJwt } from './verify-device-jwt.js';

type Answer = ExtensionAnswer;

/**
 * Answers a CIBA request whose client assertion already verified: the signed request object must
 * verify too and carry `scope` with `openid` and a `login_hint_token` naming a known user.
 */
export async function answerBcAuthorize(
  context: FakeIdpContext,
  form: Readonly<Record<string, string>>,
  record: (claims: Record<string, unknown>) => void,
): Promise<Answer> {
  if (form.client_id !== context.device.clientId) return { status: 401, body: { error: 'invalid_client' } };
  if (form.request === undefined)
    return { status: 400, body: { error: 'invalid_request', error_description: 'request object required' } };
  const claims = await verifyDeviceJwt(
    form.request,
    context.device,
    context.issuer,
    context.state,
    'request object',
  );
  record(claims);
  const scope = typeof claims.scope === 'string' ? claims.scope : '';
  if (!scope.split(' ').includes('openid')) return { status: 400, body: { error: 'invalid_scope' } };
  // read loosely, as OnesID does; a kind that is not a LoginHint kind names no user below
  const loginHint = loginHintOfToken(claims.login_hint_token) as LoginHint | undefined;
  if (loginHint === undefined)
    return { status: 400, body: { error: 'invalid_request', error_description: 'login_hint_token' } };
  const user = findUser(context.users, loginHint);
  if (user === undefined) return { status: 400, body: { error: 'unknown_user_id' } };
  const requested =
    typeof claims.requested_expiry === 'number' ? claims.requested_expiry : Number(claims.requested_expiry);
  const expiresIn =
    Number.isInteger(requested) && requested > 0 ? Math.min(requested, 600) : context.cibaExpiresInSeconds;
  const bindingMessage = claims.binding_message;
  if (bindingMessage !== undefined && !isBindingMessage(bindingMessage)) {
    return {
      status: 400,
      body: {
        error: 'invalid_binding_message',
        error_description: 'binding_message must be 1 to 128 printable characters',
      },
    };
  }
  const qrSessionId = typeof claims.qr_session_id === 'string' ? claims.qr_session_id : undefined;
  const link = qrSessionId === undefined ? undefined : await linkQrSession(context, qrSessionId, loginHint);
  if (link !== undefined && 'refused' in link) return link.refused;
  const authReqId = `ciba-${crypto.randomUUID()}`;
  link?.complete(authReqId);
  const resource = claims.resource;
  context.state.cibaRequests.set(authReqId, {
    authReqId,
    user,
    loginHint,
    scope,
    bindingMessage: typeof bindingMessage === 'string' ? bindingMessage : undefined,
    resources: Array.isArray(resource)
      ? resource.map(String)
      : typeof resource === 'string'
        ? [resource]
        : [],
    qrSessionId,
    expiresAt: Date.now() + expiresIn * 1000,
    status: 'pending',
    issuedTokens: [],
  });
  return {
    status: 200,
    body: { auth_req_id: authReqId, expires_in: expiresIn, interval: context.cibaIntervalSeconds },
  };
}
