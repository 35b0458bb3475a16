import type { ExtensionAnswer } from '@ones.dev/idp-model';
import type { FakeIdpContext } from './fake-idp-context.js';

/** `POST token/introspection` (RFC 7662) once the client assertion verified: active access tokens only. */
export function answerIntrospection(context: FakeIdpContext, token: string | undefined): ExtensionAnswer {
  const issued = context.state.tokens.get(token ?? '');
  const active =
    issued !== undefined && issued.kind === 'access' && !issued.revoked && Date.now() < issued.expiresAt;
  if (!active) return { status: 200, body: { active: false } };
  return {
    status: 200,
    body: {
      active,
      sub: issued.sub,
      scope: issued.scope,
      client_id: context.device.clientId,
      token_type: 'Bearer',
      iss: context.issuer,
      iat: issued.iat,
      exp: Math.floor(issued.expiresAt / 1000),
      aud: issued.audience,
    },
  };
}
