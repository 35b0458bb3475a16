import { OnesConfigError, OnesValidationError } from '@ones.dev/common';
import * as z from 'zod/mini';
import type { CallOptions } from '../device-authentication/call-options.js';
import type { DeviceContext } from '../device-authentication/device-context.js';
import { requireNonEmpty } from '../internal/require-non-empty.js';
import type { JwtValidation } from '../jwt/jwt-validation.js';
import { verifyUserInfoJwt } from '../jwt/validate-jwt.js';

/**
 * What the IdP says about the user behind an access token (OpenID Connect Core §5.3.2): always `sub`,
 * and the claims the token's scopes release (`name`, `email`, …).
 *
 * @example
 * ```ts
 * import type { UserInfo } from '@ones.dev/backend-modules';
 * const greeting = (user: UserInfo) => `Hello, ${typeof user.name === 'string' ? user.name : user.sub}`;
 * ```
 */
export interface UserInfo {
  readonly sub: string;
  readonly [claim: string]: unknown;
}

/**
 * Options of {@link DeviceAuthentication.userInfo}.
 *
 * @example
 * ```ts
 * import type { UserInfoOptions } from '@ones.dev/backend-modules';
 * const options: UserInfoOptions = { expectedSubject: 'user-alice', timeoutMs: 2_000 };
 * ```
 */
export interface UserInfoOptions extends CallOptions {
  /**
   * The `sub` of the ID token this access token came with. The answer must be about the same user
   * (OpenID Connect Core §5.3.4 says to check it); a different `sub` is `ERR_VALIDATION_RESPONSE`.
   */
  readonly expectedSubject?: string;
}

const UserInfoSchema = z.looseObject({ sub: z.string().check(z.minLength(1)) });

/** OpenID Connect UserInfo: the user's claims for an access token, as JSON or a signed JWT. */
export class UserInfoFlow {
  readonly #context: DeviceContext;
  readonly #jwt: JwtValidation;

  constructor(context: DeviceContext, jwt: JwtValidation) {
    this.#context = context;
    this.#jwt = jwt;
  }

  async userInfo(accessToken: string, options: UserInfoOptions): Promise<UserInfo> {
    requireNonEmpty(accessToken, 'accessToken');
    const { userinfo, issuer, jwks } = await this.#context.endpoints(options);
    if (userinfo === undefined) {
      throw new OnesConfigError(
        'ERR_CONFIG_INVALID',
        'the IdP advertises no userinfo_endpoint; set it with the "endpoints.userinfo" option',
      );
    }
    const call = {
      method: 'GET',
      url: userinfo,
      bearer: accessToken,
      accept: 'application/json, application/jwt',
      schema: UserInfoSchema,
    } as const;
    const answer = await this.#context.sendForJsonOrJwt(call, options);
    let claims: UserInfo;
    if ('data' in answer) claims = answer.data as UserInfo;
    else {
      const { settings } = this.#context;
      // Encrypted when the client is registered for it; signed-only answers stay fine (a separate setting).
      const signed = await settings.tokenDecryption.signedJwtOf(answer.jwt, 'UserInfo answer', false);
      claims = await verifyUserInfoJwt(signed, this.#jwt.keySet(jwks), {
        issuer,
        clientId: settings.clientId,
        clockToleranceSeconds: settings.clockToleranceSeconds,
      });
    }
    const { expectedSubject } = options;
    if (expectedSubject !== undefined && claims.sub !== expectedSubject) {
      throw new OnesValidationError(
        'ERR_VALIDATION_RESPONSE',
        'the userinfo answer is about another user: its "sub" is not the expected subject',
      );
    }
    return claims;
  }
}
