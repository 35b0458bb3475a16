import type { JwsAlgorithm } from './jws-algorithm.js';

/**
 * What a signing function is asked to sign.
 *
 * @example
 * ```ts
 * import type { SigningRequest } from '@ones.dev/backend-modules';
 * const request: SigningRequest = {
 *   message: 'eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJjbGllbnQifQ',
 *   alg: 'ES256',
 *   deviceId: 'device-1',
 *   deviceIdentityUrl: 'http://127.0.0.1:8000/sign',
 * };
 * ```
 */
export interface SigningRequest {
  /** The JWS signing input, `b64url(header).b64url(payload)`. */
  readonly message: string;
  /**
   * The algorithm in the JWS header. A signer holding another kind of key signs with its own, as
   * px-device-identity-service does: `DeviceAuthentication` tells from the signature's length and
   * shape, and learns the key type (no `deviceKeyType`) or names the mismatch (`deviceKeyType` set).
   */
  readonly alg: JwsAlgorithm;
  /** The device whose key signs. */
  readonly deviceId: string;
  /** Where px-device-identity-service listens (used by {@link deviceIdentitySigningFunction}). */
  readonly deviceIdentityUrl: string;
  /** Cancels the signing. */
  readonly signal?: AbortSignal;
}

/**
 * Signs a JWS signing input with the device's key and returns the signature, base64url (RSA:
 * PKCS#1 v1.5; ECDSA: raw `r‖s` or DER, which `DeviceAuthentication` turns into JOSE form).
 * `DeviceAuthentication` calls it for every assertion and request object. Implementations: {@link deviceIdentitySigningFunction} (the local
 * px-device-identity-service) and {@link createKeySigningFunction} (a key in memory).
 *
 * @example
 * ```ts
 * import type { SigningFunction } from '@ones.dev/backend-modules';
 * const viaMyKms: SigningFunction = async ({ message, alg }) => {
 *   throw new Error(`sign ${message.length} bytes with ${alg} in your KMS here`);
 * };
 * ```
 */
export type SigningFunction = (request: SigningRequest) => Promise<string>;
