import {
  AuthJwtProperties,
  LOGIN_HINT_KIND,
  type LoginHint,
  type LoginHintKind,
  OnesValidationError,
  unixTimeInSeconds,
} from '@ones.dev/common';
import { isWireId } from '@ones.dev/common/internal';
import { LoginHintSchema } from '@ones.dev/common/schemas';

/**
 * Who to log in: `value` is the user's identifier, and `kind` says what it is; without `kind` it is a
 * OnesID username, as for the browser's `loginHintKind`, so a route can pass its optional
 * `loginHintKind` straight through.
 *
 * @example
 * ```ts
 * import type { LoginHintParameter } from '@ones.dev/backend-modules';
 * const byEmail: LoginHintParameter = { kind: 'email', value: 'alice@example.com' };
 * const byUsername: LoginHintParameter = { value: 'alice' };
 * ```
 */
export interface LoginHintParameter {
  readonly kind?: LoginHintKind | undefined;
  readonly value: string;
}

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
  readonly loginHint: LoginHintParameter;
  readonly bindingMessage?: string;
  readonly scope?: string;
  readonly resources?: readonly string[];
  /** Seconds the login may stay pending (CIBA `requested_expiry`). */
  readonly requestedExpiry?: number;
  /**
   * CIBA ping mode (CIBA Core §7.1): a bearer token the IdP sends back when it notifies your
   * notification endpoint that this login was decided. Make it random per login (at least 128 bits,
   * e.g. `randomBytes(32).toString('base64url')`) and keep it to compare in constant time; it is a
   * credential: never log it. Required by an IdP that registered your device for ping mode.
   */
  readonly clientNotificationToken?: string;
}

/**
 * What {@link DeviceAuthentication.makeCibaRequestWithOptionalQrSession} asks for: a CIBA login,
 * optionally linked to the QR session the user scanned (OnesID extension, `qr_session_id`).
 *
 * @example
 * ```ts
 * import type { MakeCibaRequestWithQrSessionParameters } from '@ones.dev/backend-modules';
 * const request: MakeCibaRequestWithQrSessionParameters = {
 *   loginHint: { kind: 'sub', value: 'user-alice' },
 *   qrSessionId: 'qr-1',
 * };
 * ```
 */
export interface MakeCibaRequestWithQrSessionParameters extends MakeCibaRequestParameters {
  /** The QR session this login answers. */
  readonly qrSessionId?: string;
}

const REQUEST_OBJECT_LIFETIME_SECONDS = 300;

/** The parameters of one CIBA request, checked, with the instance defaults filled in. */
export type CheckedCibaRequest = { readonly loginHint: LoginHint } & Required<
  Pick<MakeCibaRequestParameters, 'bindingMessage' | 'scope' | 'resources'>
> &
  Pick<MakeCibaRequestWithQrSessionParameters, 'requestedExpiry' | 'qrSessionId' | 'clientNotificationToken'>;

/** A bearer token (RFC 6750 §2.1 b64token), as CIBA requires of `client_notification_token`. */
const BEARER_TOKEN = /^[A-Za-z0-9._~+/-]+=*$/;

/**
 * Checks a CIBA request's parameters before anything is signed or sent, with the same rules as
 * `AuthJwtProperties` for the overrides; the error names the parameter.
 *
 * @throws OnesValidationError `ERR_VALIDATION_ARGUMENT`
 */
export function checkCibaRequest(
  parameters: MakeCibaRequestWithQrSessionParameters,
  defaults: AuthJwtProperties,
): CheckedCibaRequest {
  if (typeof parameters !== 'object' || parameters === null) {
    throw new OnesValidationError(
      'ERR_VALIDATION_ARGUMENT',
      '"parameters" must be an object with a loginHint',
    );
  }
  const { kind = LOGIN_HINT_KIND.USERNAME, value } = (parameters.loginHint ?? {}) as Partial<LoginHint>;
  const hint = LoginHintSchema.safeParse({ kind, value });
  if (!hint.success) {
    throw new OnesValidationError(
      'ERR_VALIDATION_ARGUMENT',
      '"loginHint" must be { kind: "username" | "email" | "phone" | "sub", value: 1 to 256 characters }',
    );
  }
  if (parameters.qrSessionId !== undefined && !isWireId(parameters.qrSessionId)) {
    throw new OnesValidationError(
      'ERR_VALIDATION_ARGUMENT',
      '"qrSessionId" must be a session id from the IdP',
    );
  }
  const token = parameters.clientNotificationToken;
  if (
    token !== undefined &&
    (typeof token !== 'string' || token.length < 22 || token.length > 1024 || !BEARER_TOKEN.test(token))
  ) {
    throw new OnesValidationError(
      'ERR_VALIDATION_ARGUMENT',
      '"clientNotificationToken" must be a bearer token of 22 to 1,024 characters (A-Z a-z 0-9 . _ ~ + / -), e.g. 32 random bytes in base64url',
    );
  }
  const requestedExpiry = parameters.requestedExpiry ?? defaults.requestedExpiry;
  // AuthJwtProperties holds the rules for scope, binding message, resources and expiry.
  const merged = new AuthJwtProperties({
    scope: parameters.scope ?? defaults.scope,
    bindingMessage: parameters.bindingMessage ?? defaults.bindingMessage,
    resources: parameters.resources ?? defaults.resources,
    ...(requestedExpiry === undefined ? {} : { requestedExpiry }),
  });
  return {
    loginHint: hint.data,
    scope: merged.scope,
    bindingMessage: merged.bindingMessage,
    resources: merged.resources,
    ...(merged.requestedExpiry === undefined ? {} : { requestedExpiry: merged.requestedExpiry }),
    ...(parameters.qrSessionId === undefined ? {} : { qrSessionId: parameters.qrSessionId }),
    ...(token === undefined ? {} : { clientNotificationToken: token }),
  };
}

/**
 * The claims of a CIBA signed request object (CIBA §7.1.1): every parameter goes inside it, since an
 * OpenID provider ignores the form fields once `request` is sent.
 */
export function buildCibaRequestClaims(
  clientId: string,
  issuer: string,
  parameters: CheckedCibaRequest,
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
    ...(parameters.clientNotificationToken === undefined
      ? {}
      : { client_notification_token: parameters.clientNotificationToken }),
  };
}
