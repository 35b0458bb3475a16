// Every error the SDK throws, in one module (as jose keeps its own): one root class, `OnesError`,
// with a stable `code`; a subclass per kind of failure, each with the codes it can carry. The codes
// are listed in error-codes.ts (docs/errors.md explains each); `isOnesError` (is-ones-error.ts)
// recognises these classes even across two copies of the package.
import type { OnesErrorCode, OnesErrorResponse, OnesLoginErrorCode } from './error-codes.js';

/** Options every OnesID error accepts. */
export interface OnesErrorOptions {
  /** The underlying error (a fetch `TypeError`, a `DOMException`, a zod issue list, …). */
  readonly cause?: unknown;
}

/**
 * The root of every error the SDK throws. Catch it to handle all OnesID failures at once; switch on
 * `code` (stable) rather than on `message` (for humans, may improve).
 *
 * @example
 * ```ts
 * import { OnesError, makeQrSessionClientV2 } from '@ones.dev/common';
 * try {
 *   await makeQrSessionClientV2('https://shop.example');
 * } catch (error) {
 *   if (error instanceof OnesError) console.warn(error.code, error.message);
 * }
 * ```
 */
export class OnesError extends Error {
  override readonly name: string = 'OnesError';
  /** A stable, machine-readable code; see {@link OnesErrorCode}. */
  // `declare`: set in the constructor, without a field definition the bundles would carry (each
  // error class's fields do the same; the browser helpers have a budget of 3 kB)
  declare readonly code: OnesErrorCode;

  constructor(code: OnesErrorCode, message: string, options: OnesErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
  }
}

/** Codes of {@link OnesHttpError}. */
export type OnesHttpErrorCode = Extract<
  OnesErrorCode,
  'ERR_HTTP_STATUS' | 'ERR_HTTP_NETWORK' | 'ERR_QR_SESSION_NOT_FOUND' | OnesLoginErrorCode
>;

/**
 * A request failed at the HTTP level: the server could not be reached (`ERR_HTTP_NETWORK`, no
 * `response`), or it answered with a non-2xx status that carries no OAuth `error` (`ERR_HTTP_STATUS`;
 * `ERR_QR_SESSION_NOT_FOUND` for a 404 from the QR status route, or from the IdP for
 * `verifyQrAuthSessionIdp(sessionId)`).
 *
 * @example
 * ```ts
 * import { OnesHttpError, qrSessionStatusClientV2 } from '@ones.dev/common';
 * try {
 *   await qrSessionStatusClientV2('https://shop.example', 'session-id');
 * } catch (error) {
 *   if (error instanceof OnesHttpError && error.response?.status === 404) {
 *     // the QR code expired: show a new one
 *   }
 * }
 * ```
 */
export class OnesHttpError extends OnesError {
  override readonly name = 'OnesHttpError';
  declare readonly code: OnesHttpErrorCode;
  /** The answer's status and body; absent when no answer arrived (`ERR_HTTP_NETWORK`). */
  declare readonly response: OnesErrorResponse | undefined;
  /** Seconds the server asked to wait (`Retry-After` on a 429 or 503), when it said. */
  declare readonly retryAfterSeconds: number | undefined;

  constructor(
    code: OnesHttpErrorCode,
    message: string,
    options: OnesErrorOptions & {
      readonly response?: OnesErrorResponse;
      readonly retryAfterSeconds?: number | undefined;
    } = {},
  ) {
    super(code, message, options);
    this.response = options.response;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Codes of {@link OnesOAuthError}: one per OAuth `error` value a caller acts on differently. */
export type OnesOAuthErrorCode = Extract<OnesErrorCode, `ERR_OAUTH_${string}`>;

/**
 * The server answered with an OAuth error body (`{ error, error_description? }`, RFC 6749 §5.2,
 * CIBA §11/§13). `error` and `errorDescription` are lifted from the body; `response` keeps the status
 * and body so code written for the vendor's examples (`err.response.status === 400`) keeps working.
 *
 * @example
 * ```ts
 * import { OnesOAuthError, checkCibaStatusClient } from '@ones.dev/common';
 * try {
 *   await checkCibaStatusClient('https://shop.example', 'auth-req-id');
 * } catch (error) {
 *   if (error instanceof OnesOAuthError && error.code === 'ERR_OAUTH_AUTHORIZATION_PENDING') {
 *     // not approved yet: ask again after the interval
 *   }
 * }
 * ```
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.11
 */
export class OnesOAuthError extends OnesError {
  override readonly name = 'OnesOAuthError';
  declare readonly code: OnesOAuthErrorCode;
  /** The OAuth `error` value as the server sent it, e.g. `access_denied`. */
  declare readonly error: string;
  /** The server's `error_description`, when it sent one. */
  declare readonly errorDescription: string | undefined;
  /** The answer's status and body. */
  declare readonly response: OnesErrorResponse;

  constructor(
    code: OnesOAuthErrorCode,
    message: string,
    details: OnesErrorOptions & {
      readonly error: string;
      readonly errorDescription?: string | undefined;
      readonly response: OnesErrorResponse;
    },
  ) {
    super(code, message, details);
    this.error = details.error;
    this.errorDescription = details.errorDescription;
    this.response = details.response;
  }
}

/**
 * Input was rejected: an argument the caller passed (`ERR_VALIDATION_ARGUMENT`, the message names the
 * parameter) or bytes that came from the network (`ERR_VALIDATION_RESPONSE`, the message names the field,
 * never its value).
 *
 * @example
 * ```ts
 * import { OnesValidationError, AuthJwtProperties } from '@ones.dev/common';
 * try {
 *   new AuthJwtProperties({ scope: 'profile', bindingMessage: 'Log in' });
 * } catch (error) {
 *   if (error instanceof OnesValidationError) console.warn(error.message); // "scope" must contain "openid"
 * }
 * ```
 */
export class OnesValidationError extends OnesError {
  override readonly name = 'OnesValidationError';
  declare readonly code: Extract<OnesErrorCode, `ERR_VALIDATION_${string}`>;
  constructor(
    code: Extract<OnesErrorCode, `ERR_VALIDATION_${string}`>,
    message: string,
    options?: OnesErrorOptions,
  ) {
    super(code, message, options);
  }
}

/**
 * The SDK's configuration is unusable: a missing or malformed `device.yml`, an option of the wrong
 * shape. The message names the file or option and the field.
 *
 * @example
 * ```ts
 * import { OnesConfigError } from '@ones.dev/common';
 * const error = new OnesConfigError('ERR_CONFIG_INVALID', '/etc/px-device-identity/device.yml: "host" is missing');
 * console.warn(error.code);
 * ```
 */
export class OnesConfigError extends OnesError {
  override readonly name = 'OnesConfigError';
  declare readonly code: Extract<OnesErrorCode, `ERR_CONFIG_${string}`>;
  constructor(
    code: Extract<OnesErrorCode, `ERR_CONFIG_${string}`>,
    message: string,
    options?: OnesErrorOptions,
  ) {
    super(code, message, options);
  }
}

/**
 * The device signer (px-device-identity-service) could not sign: it is down, slow or failing
 * (`ERR_SIGNER_UNAVAILABLE`), it refused the request with a 4xx answer whose reason the message
 * quotes (`ERR_SIGNER_REFUSED`: a wrong `deviceIdentityUrl` or `deviceId`), or it answered
 * something that is not a valid signature (`ERR_SIGNER_RESPONSE_INVALID`).
 *
 * @example
 * ```ts
 * import { OnesSignerError } from '@ones.dev/common';
 * const error = new OnesSignerError('ERR_SIGNER_UNAVAILABLE', 'is px-device-identity-service running?');
 * console.warn(error.code);
 * ```
 */
export class OnesSignerError extends OnesError {
  override readonly name = 'OnesSignerError';
  declare readonly code: Extract<OnesErrorCode, `ERR_SIGNER_${string}`>;
  constructor(
    code: Extract<OnesErrorCode, `ERR_SIGNER_${string}`>,
    message: string,
    options?: OnesErrorOptions,
  ) {
    super(code, message, options);
  }
}

/**
 * Time ran out: one request exceeded its timeout (`ERR_TIMEOUT_REQUEST`) or a poller reached the
 * login's expiry without a result (`ERR_TIMEOUT_POLLING`).
 *
 * @example
 * ```ts
 * import { OnesTimeoutError } from '@ones.dev/common';
 * function isExpired(error: unknown): boolean {
 *   return error instanceof OnesTimeoutError && error.code === 'ERR_TIMEOUT_POLLING';
 * }
 * ```
 */
export class OnesTimeoutError extends OnesError {
  override readonly name = 'OnesTimeoutError';
  declare readonly code: Extract<OnesErrorCode, `ERR_TIMEOUT_${string}`>;
  constructor(
    code: Extract<OnesErrorCode, `ERR_TIMEOUT_${string}`>,
    message: string,
    options?: OnesErrorOptions,
  ) {
    super(code, message, options);
  }
}

/**
 * The caller's `AbortSignal` stopped the operation (`ERR_ABORTED`); `cause` holds the signal's reason.
 *
 * @example
 * ```ts
 * import { OnesAbortError } from '@ones.dev/common';
 * function wasCancelled(error: unknown): boolean {
 *   return error instanceof OnesAbortError;
 * }
 * ```
 */
export class OnesAbortError extends OnesError {
  override readonly name = 'OnesAbortError';
  declare readonly code: 'ERR_ABORTED';
  constructor(message: string, options?: OnesErrorOptions) {
    super('ERR_ABORTED', message, options);
  }
}

/**
 * A JWT was rejected by local validation: malformed (`ERR_JWT_INVALID`), expired (`ERR_JWT_EXPIRED`),
 * a claim did not match (`ERR_JWT_CLAIM_INVALID`), or the signature did not verify
 * (`ERR_JWT_SIGNATURE_INVALID`).
 *
 * @example
 * ```ts
 * import { OnesJwtError } from '@ones.dev/common';
 * function isExpiredToken(error: unknown): boolean {
 *   return error instanceof OnesJwtError && error.code === 'ERR_JWT_EXPIRED';
 * }
 * ```
 */
export class OnesJwtError extends OnesError {
  override readonly name = 'OnesJwtError';
  declare readonly code: Extract<OnesErrorCode, `ERR_JWT_${string}`>;
  constructor(
    code: Extract<OnesErrorCode, `ERR_JWT_${string}`>,
    message: string,
    options?: OnesErrorOptions,
  ) {
    super(code, message, options);
  }
}
