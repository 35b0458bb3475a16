import {
  causeWithoutSecrets,
  OnesConfigError,
  OnesError,
  OnesHttpError,
  OnesJwtError,
  OnesTimeoutError,
  OnesValidationError,
} from '@ones.dev/common';
import { errors, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';

/** Asymmetric algorithms a OnesID token may be signed with; never `none`, never HS*. */
export const ALLOWED_JWT_ALGORITHMS = ['RS256', 'PS256', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

/**
 * Claims of a JWT that passed {@link DeviceAuthentication.validateJwt}: `iss`, `sub`, `aud`, `exp`
 * and `iat` are always there.
 *
 * @example
 * ```ts
 * import type { ValidatedJwtClaims } from '@ones.dev/backend-modules';
 * const userOf = (claims: ValidatedJwtClaims) => claims.sub;
 * ```
 */
export type ValidatedJwtClaims = JWTPayload & {
  readonly iss: string;
  readonly sub: string;
  readonly aud: string | string[];
  readonly exp: number;
  readonly iat: number;
};

/** What to hold a token to. */
export interface JwtExpectations {
  readonly issuer: string;
  readonly clientId: string;
  readonly tokenType: 'access_token' | 'id_token';
  /** Audiences an access token may be for: the configured resources and the per-call `audience` (the client id never counts). */
  readonly accessTokenAudience: readonly string[];
  /** Clients besides `clientId` an access token may have been issued to (`client_id`, `azp`). */
  readonly authorizedParties: readonly string[];
  readonly clockToleranceSeconds: number;
}

const ACCESS_TOKEN_TYP = /^(application\/)?at\+jwt$/i;
const ID_TOKEN_TYP = /^(application\/)?jwt$/i;

function claimInvalid(message: string): OnesJwtError {
  return new OnesJwtError('ERR_JWT_CLAIM_INVALID', message);
}

function translate(error: unknown): Error {
  if (error instanceof OnesError) return error; // the SDK's own, e.g. a JWKS answer too large
  // jose's errors keep the token's claims (`payload`): only a copy of the message goes into `cause`.
  const cause = causeWithoutSecrets(error);
  if (error instanceof errors.JWTExpired) {
    return new OnesJwtError('ERR_JWT_EXPIRED', 'the token has expired', { cause });
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new OnesJwtError(
      'ERR_JWT_CLAIM_INVALID',
      `the token's "${error.claim}" claim is not acceptable (${error.reason})`,
      { cause },
    );
  }
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new OnesJwtError('ERR_JWT_SIGNATURE_INVALID', 'the token is not signed by a key of the IdP', {
      cause,
    });
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return new OnesJwtError('ERR_JWT_INVALID', 'the token uses an algorithm that is not allowed', { cause });
  }
  if (error instanceof errors.JWKSTimeout) {
    return new OnesTimeoutError('ERR_TIMEOUT_REQUEST', 'fetching the IdP keys (JWKS) timed out', { cause });
  }
  if (error instanceof errors.JWKSInvalid) {
    return new OnesValidationError('ERR_VALIDATION_RESPONSE', 'the IdP keys (JWKS) are malformed', { cause });
  }
  // jose reports a non-200 or non-JSON JWKS answer as a generic JOSEError, and fetch failures as TypeError.
  if (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') {
    return new OnesHttpError('ERR_HTTP_STATUS', `fetching the IdP keys (JWKS) failed: ${error.message}`, {
      cause,
    });
  }
  if (error instanceof TypeError) {
    return new OnesHttpError(
      'ERR_HTTP_NETWORK',
      'fetching the IdP keys (JWKS) failed: the IdP could not be reached',
      { cause },
    );
  }
  return new OnesJwtError('ERR_JWT_INVALID', 'the token is not a valid JWS JWT', { cause });
}

const quoted = (value: unknown) => JSON.stringify(String(value).slice(0, 40));

/**
 * RFC 9068: an access token says `typ: at+jwt`, names the client it was issued to (`client_id`,
 * required), and that client, like `azp` when present, is this one or one allowed.
 */
function checkAccessToken(typ: unknown, payload: JWTPayload, expected: JwtExpectations): void {
  if (typeof typ !== 'string' || !ACCESS_TOKEN_TYP.test(typ)) {
    throw claimInvalid(
      `the token's "typ" header is ${quoted(typ ?? '(none)')}, not that of an access token (at+jwt); to validate an ID token, pass { tokenType: 'id_token' }`,
    );
  }
  if (typeof payload.client_id !== 'string')
    throw claimInvalid('the token\'s "client_id" claim is not acceptable (missing)');
  const parties = new Set([expected.clientId, ...expected.authorizedParties]);
  for (const claim of ['client_id', 'azp'] as const) {
    const party = payload[claim];
    if (party !== undefined && (typeof party !== 'string' || !parties.has(party))) {
      throw claimInvalid(
        `the token's "${claim}" claim names another client (${quoted(party)}); pass { authorizedParties } to accept tokens issued to it`,
      );
    }
  }
}

/** OpenID Connect Core §3.1.3.7: an ID token for this client, not a token of another kind. */
function checkIdToken(typ: unknown, payload: JWTPayload, clientId: string): void {
  if (typ !== undefined && (typeof typ !== 'string' || !ID_TOKEN_TYP.test(typ))) {
    throw claimInvalid(`the token's "typ" header is ${quoted(typ)}, not that of an ID token (JWT)`);
  }
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (audiences.length > 1 && payload.azp === undefined) {
    throw claimInvalid('the token has several audiences but no "azp" claim naming this client');
  }
  if (payload.azp !== undefined && payload.azp !== clientId) {
    throw claimInvalid(`the token's "azp" claim names another client (${quoted(payload.azp)})`);
  }
  // A logout token (OpenID Back-Channel Logout) is signed like an ID token and carries `events`.
  if (payload.events !== undefined)
    throw claimInvalid('the token has an "events" claim: it is a logout or event token, not an ID token');
}

/**
 * Verifies a JWT locally: signature from the IdP's keys (JWS only, asymmetric algorithms only), `iss`,
 * `exp`/`nbf` with a small clock tolerance, `sub`, `iat` and `exp` required; then by kind. An access
 * token must say `typ: at+jwt`, be for one of the access-token audiences (never the client id) and,
 * when it names its client, be issued to this one or an allowed one. An ID token must be for the
 * client id, with `azp` naming the client when there are several audiences, and no other `typ`.
 */
export async function verifyJwt(
  jwt: string,
  keys: JWTVerifyGetKey,
  expected: JwtExpectations,
): Promise<ValidatedJwtClaims> {
  const isIdToken = expected.tokenType === 'id_token';
  // The client id is the ID token's audience; an access token for it was never meant for an API.
  const accessTokenAudience = expected.accessTokenAudience.filter((aud) => aud !== expected.clientId);
  if (!isIdToken && accessTokenAudience.length === 0) {
    throw new OnesConfigError(
      'ERR_CONFIG_INVALID',
      'validating an access token needs its audience: set resources in authJwtProperties, or pass { audience }; to validate an ID token, pass { tokenType: "id_token" }',
    );
  }
  try {
    const { payload, protectedHeader } = await jwtVerify(jwt, keys, {
      issuer: expected.issuer,
      audience: isIdToken ? expected.clientId : accessTokenAudience,
      algorithms: [...ALLOWED_JWT_ALGORITHMS],
      clockTolerance: expected.clockToleranceSeconds,
      requiredClaims: ['sub', 'iat', 'exp'],
    });
    if (isIdToken) checkIdToken(protectedHeader.typ, payload, expected.clientId);
    else checkAccessToken(protectedHeader.typ, payload, expected);
    return payload as ValidatedJwtClaims;
  } catch (error) {
    if (error instanceof OnesJwtError) throw error;
    throw translate(error);
  }
}

/**
 * Verifies a signed UserInfo answer (OpenID Connect Core §5.3.2): the IdP's signature (the same
 * algorithms as tokens, never `none`), `iss` the issuer, `aud` this client, `sub` present; `exp`
 * and `nbf` when there, with the clock tolerance.
 */
export async function verifyUserInfoJwt(
  jwt: string,
  keys: JWTVerifyGetKey,
  expected: Pick<JwtExpectations, 'issuer' | 'clientId' | 'clockToleranceSeconds'>,
): Promise<JWTPayload & { readonly sub: string }> {
  try {
    const { payload } = await jwtVerify(jwt, keys, {
      issuer: expected.issuer,
      audience: expected.clientId,
      algorithms: [...ALLOWED_JWT_ALGORITHMS],
      clockTolerance: expected.clockToleranceSeconds,
      requiredClaims: ['sub'],
    });
    return payload as JWTPayload & { readonly sub: string };
  } catch (error) {
    throw translate(error);
  }
}
