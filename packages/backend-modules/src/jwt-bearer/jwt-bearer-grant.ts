import { OnesValidationError, type TokenResponse, unixTimeInSeconds } from '@ones.dev/common';
import type { CallOptions } from '../device-authentication/call-options.js';
import type { DeviceContext } from '../device-authentication/device-context.js';
import type { DeviceTokens } from '../device-authentication/device-tokens.js';
import { requireNonEmpty } from '../internal/require-non-empty.js';

/** RFC 7523 §2.1. */
const JWT_BEARER_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const ASSERTION_LIFETIME_SECONDS = 60;

/**
 * What {@link DeviceAuthentication.jwtBearerGrant} asks for: whose token, for what.
 *
 * @example
 * ```ts
 * import type { JwtBearerGrantParameters } from '@ones.dev/backend-modules';
 * const forAlice: JwtBearerGrantParameters = { subject: 'user-alice', scope: 'openid', resource: 'https://api.example.com' };
 * ```
 */
export interface JwtBearerGrantParameters {
  /** The user (`sub`) the token is for; the IdP's policy decides whether this device may assert them. */
  readonly subject: string;
  /** The scopes asked for, space-separated; default: the IdP's default. */
  readonly scope?: string;
  /** The API the access token is for (RFC 8707): a JWT access token for it, else an opaque one. */
  readonly resource?: string;
}

/** JWT-bearer authorization grant: a user's access token from an assertion the device signs. */
export class JwtBearerGrantFlow {
  readonly #context: DeviceContext;
  readonly #tokens: DeviceTokens;

  constructor(context: DeviceContext, tokens: DeviceTokens) {
    this.#context = context;
    this.#tokens = tokens;
  }

  async jwtBearerGrant(parameters: JwtBearerGrantParameters, options: CallOptions): Promise<TokenResponse> {
    if (typeof parameters !== 'object' || parameters === null)
      throw new OnesValidationError('ERR_VALIDATION_ARGUMENT', '"parameters" must be an object');
    const { subject, scope, resource } = parameters;
    requireNonEmpty(subject, 'subject');
    if (scope !== undefined) requireNonEmpty(scope, 'scope');
    if (resource !== undefined && (typeof resource !== 'string' || !URL.canParse(resource)))
      throw new OnesValidationError('ERR_VALIDATION_ARGUMENT', '"resource" must be an absolute URI');
    const { issuer } = await this.#context.endpoints(options);
    const { clientId } = this.#context.settings;
    const iat = unixTimeInSeconds();
    // RFC 7523 §3: the device is the issuer, the user the subject, the IdP the audience; short-lived, once.
    const assertion = await this.#context.sign(
      {
        iss: clientId,
        sub: subject,
        aud: issuer,
        iat,
        exp: iat + ASSERTION_LIFETIME_SECONDS,
        jti: crypto.randomUUID(),
      },
      options.signal,
    );
    const form = {
      grant_type: JWT_BEARER_GRANT,
      assertion,
      ...(scope === undefined ? {} : { scope }),
      ...(resource === undefined ? {} : { resource }),
    };
    return this.#tokens.tokenRequest(form, options);
  }
}
