import { OnesHttpError, OnesJwtError, OnesTimeoutError, OnesValidationError } from '@ones.dev/common';
import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';

/** Asymmetric algorithms a OnesID token may be signed with; never `none`, never HS*. */
export const ALLOWED_JWT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/**
 * Claims of a JWT that passed {@link DeviceAuthentication.validateJwt}.
 *
 * @example
 * ```ts
 * import type { ValidatedJwtClaims } from '@ones.dev/backend-modules';
 * const userOf = (claims: ValidatedJwtClaims) => claims.sub;
 * ```
 */
export type ValidatedJwtClaims = JWTPayload & { readonly iss: string; readonly exp: number };

/** What to hold a token to. */
export interface JwtExpectations {
  readonly issuer: string;
  readonly audience: readonly string[];
  readonly clockToleranceSeconds: number;
  /** `access_token`: header `typ` must be `at+jwt` (RFC 9068); `id_token`: it must not be. */
  readonly tokenType?: 'access_token' | 'id_token';
}

const ACCESS_TOKEN_TYP = /^(application\/)?at\+jwt$/i;

function translate(error: unknown): Error {
  if (error instanceof errors.JWTExpired) {
    return new OnesJwtError('ERR_JWT_EXPIRED', 'the token has expired', { cause: error });
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new OnesJwtError(
      'ERR_JWT_CLAIM_INVALID',
      `the token's "${error.claim}" claim is not acceptable (${error.reason})`,
      {
        cause: error,
      },
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new OnesJwtError('ERR_JWT_SIGNATURE_INVALID', 'the token is not signed by a key of the IdP', {
      cause: error,
    });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new OnesJwtError('ERR_JWT_INVALID', 'the token uses an algorithm that is not allowed', {
      cause: error,
    });
  }
  if (error instanceof errors.JWKSTimeout) {
    return new OnesTimeoutError('ERR_TIMEOUT_REQUEST', 'fetching the IdP keys (JWKS) timed out', {
      cause: error,
    });
  }
  if (error instanceof errors.JWKSInvalid) {
    return new OnesValidationError('ERR_VALIDATION_RESPONSE', 'the IdP keys (JWKS) are malformed', {
      cause: error,
    });
  }
  // jose reports a non-200 or non-JSON JWKS answer as a generic JOSEError, and fetch failures as TypeError.
  if (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') {
    return new OnesHttpError('ERR_HTTP_STATUS', `fetching the IdP keys (JWKS) failed: ${error.message}`, {
      cause: error,
    });
  }
  if (error instanceof TypeError) {
    return new OnesHttpError(
      'ERR_HTTP_NETWORK',
      'fetching the IdP keys (JWKS) failed: the IdP could not be reached',
      { cause: error },
    );
  }
  return new OnesJwtError('ERR_JWT_INVALID', 'the token is not a valid JWS JWT', { cause: error });
}

/**
 * Verifies a JWT locally: signature from the IdP's keys (JWS only, asymmetric algorithms only), `iss`,
 * `aud` ∈ `audience`, `exp`/`nbf` with a small clock tolerance; `exp` is required.
 */
export async function verifyJwt(
  jwt: string,
  keys: JWTVerifyGetKey,
  expected: JwtExpectations,
): Promise<ValidatedJwtClaims> {
  try {
    const { payload, protectedHeader } = await jwtVerify(jwt, keys, {
      issuer: expected.issuer,
      audience: [...expected.audience],
      algorithms: [...ALLOWED_JWT_ALGORITHMS],
      clockTolerance: expected.clockToleranceSeconds,
      requiredClaims: ['exp'],
    });
    const isAccessToken = ACCESS_TOKEN_TYP.test(protectedHeader.typ ?? '');
    if (expected.tokenType !== undefined && isAccessToken !== (expected.tokenType === 'access_token')) {
      throw new OnesJwtError(
        'ERR_JWT_CLAIM_INVALID',
        `the token's "typ" header is ${JSON.stringify(String(protectedHeader.typ ?? '(none)').slice(0, 40))}, not that of ${expected.tokenType === 'access_token' ? 'an access token (at+jwt)' : 'an ID token'}`,
      );
    }
    return payload as ValidatedJwtClaims;
  } catch (error) {
    if (error instanceof OnesJwtError) throw error;
    throw translate(error);
  }
}
