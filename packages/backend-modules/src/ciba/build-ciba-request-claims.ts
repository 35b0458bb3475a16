import type { LoginHint } from '@ones.dev/common';
import { unixTimeInSeconds } from '@ones.dev/common';

/**
 * What {@link DeviceAuthentication.makeCibaRequest} asks for: who to log in, and optionally how,
 * overriding the instance's `authJwtProperties`.
 *
 * @example
 * ```ts
 * import type { MakeCibaRequestParameters } from '@ones.dev/backend-modules';
 * const request: MakeCibaRequestParameters = { loginHint: { kind: 'username', value: 'alice' } };
 * ```
 */
export interface MakeCibaRequestParameters {
  readonly loginHint: LoginHint;
  readonly bindingMessage?: string;
  readonly scope?: string;
  readonly resources?: readonly string[];
  /** Seconds the login may stay pending (CIBA `requested_expiry`). */
  readonly requestedExpiry?: number;
  /** Links the login to a QR session (OnesID extension). */
  readonly qrSessionId?: string;
}

const REQUEST_OBJECT_LIFETIME_SECONDS = 300;

/**
 * The claims of a CIBA signed request object (CIBA §7.1.1): every parameter goes inside it, since an
 * OpenID provider ignores the form fields once `request` is sent.
 */
export function buildCibaRequestClaims(
  clientId: string,
  issuer: string,
  parameters: Required<
    Pick<MakeCibaRequestParameters, 'loginHint' | 'bindingMessage' | 'scope' | 'resources'>
  > &
    Pick<MakeCibaRequestParameters, 'requestedExpiry' | 'qrSessionId'>,
): Record<string, unknown> {
  const now = unixTimeInSeconds();
  return {
    iss: clientId,
    aud: issuer,
    iat: now,
    nbf: now,
    exp: now + REQUEST_OBJECT_LIFETIME_SECONDS,
    jti: crypto.randomUUID(),
    scope: parameters.scope,
    binding_message: parameters.bindingMessage,
    login_hint_token: JSON.stringify({ kind: parameters.loginHint.kind, value: parameters.loginHint.value }),
    ...(parameters.resources.length === 0
      ? {}
      : {
          resource: parameters.resources.length === 1 ? parameters.resources[0] : [...parameters.resources],
        }),
    ...(parameters.requestedExpiry === undefined ? {} : { requested_expiry: parameters.requestedExpiry }),
    ...(parameters.qrSessionId === undefined ? {} : { qr_session_id: parameters.qrSessionId }),
  };
}
