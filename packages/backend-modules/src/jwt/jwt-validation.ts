import { OnesJwtError, OnesValidationError } from '@ones.dev/common';
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import type { DeviceContext } from '../device-authentication/device-context.js';
import { abortable } from '../internal/abortable.js';
import { requireNonEmpty } from '../internal/require-non-empty.js';
import { isCompactJwe } from './token-decryption.js';
import { type ValidatedJwtClaims, verifyJwt } from './validate-jwt.js';

/**
 * Options of {@link DeviceAuthentication.validateJwt}.
 *
 * @example
 * ```ts
 * import type { ValidateJwtOptions } from '@ones.dev/backend-modules';
 * const forMyApi: ValidateJwtOptions = { audience: ['https://api.example.com'] };
 * ```
 */
export interface ValidateJwtOptions {
  /** Stops waiting (`ERR_ABORTED`). */
  readonly signal?: AbortSignal;
  /**
   * The kind of token expected; default `'access_token'`, as in the vendor's
   * `validateJwt(access_token)`. Pass `'id_token'` for an ID token.
   */
  readonly tokenType?: 'access_token' | 'id_token';
  /** Access tokens: audiences accepted besides the configured `resources` (never the client id). */
  readonly audience?: readonly string[];
  /**
   * Access tokens: clients besides this device's client whose tokens are accepted (`client_id` or
   * `azp`), for an API that receives tokens other clients obtained.
   */
  readonly authorizedParties?: readonly string[];
}

/** Checks an optional list of strings from a caller (a plain string would be read letter by letter). */
function requireStringList(value: unknown, name: string): void {
  if (value !== undefined && !(Array.isArray(value) && value.every((item) => typeof item === 'string'))) {
    throw new OnesValidationError('ERR_VALIDATION_ARGUMENT', `"${name}" must be an array of strings`);
  }
}

/** An access token for an API is a signed JWT; an encrypted one is not for this API to read. */
function refuseEncrypted(jwt: string): string {
  if (!isCompactJwe(jwt)) return jwt;
  throw new OnesJwtError(
    'ERR_JWT_INVALID',
    'the access token is encrypted (JWE); an access token for your API is a signed JWT',
  );
}

/** Local JWT validation against the IdP's keys, fetched through the instance's HTTP client and cached. */
export class JwtValidation {
  readonly #context: DeviceContext;
  #keys: JWTVerifyGetKey | undefined;

  constructor(context: DeviceContext) {
    this.#context = context;
  }

  /** The IdP's keys from `jwks`: fetched through the instance's transport, on jose's cache and timeout. */
  keySet(jwks: string): JWTVerifyGetKey {
    const { settings } = this.#context;
    this.#keys ??= createRemoteJWKSet(new URL(jwks), {
      timeoutDuration: settings.timeoutMs,
      cooldownDuration: settings.jwksRefetchCooldownSeconds * 1000,
      cacheMaxAge: 600_000,
      [customFetch]: (url: string, init: RequestInit) => this.#context.fetchRaw(url, init),
    });
    return this.#keys;
  }

  async validateJwt(jwt: string, options: ValidateJwtOptions): Promise<ValidatedJwtClaims> {
    requireNonEmpty(jwt, 'jwt');
    const { tokenType = 'access_token' } = options;
    if (tokenType !== 'access_token' && tokenType !== 'id_token')
      throw new OnesValidationError(
        'ERR_VALIDATION_ARGUMENT',
        '"options.tokenType" must be "access_token" or "id_token"',
      );
    requireStringList(options.audience, 'options.audience');
    requireStringList(options.authorizedParties, 'options.authorizedParties');
    const { issuer, jwks } = await this.#context.endpoints(options);
    const { settings } = this.#context;
    const signed =
      tokenType === 'id_token'
        ? await settings.tokenDecryption.signedJwtOf(jwt, 'ID token', true)
        : refuseEncrypted(jwt);
    const verification = verifyJwt(signed, this.keySet(jwks), {
      issuer,
      clientId: settings.clientId,
      tokenType,
      accessTokenAudience: [...settings.authJwtProperties.resources, ...(options.audience ?? [])],
      authorizedParties: options.authorizedParties ?? [],
      clockToleranceSeconds: settings.clockToleranceSeconds,
    });
    return abortable(verification, options.signal, 'validating the JWT');
  }
}
