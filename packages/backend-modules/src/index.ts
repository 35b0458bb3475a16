/**
 * Node only: `DeviceAuthentication` (device tokens, introspection, CIBA, refresh, `validateJwt`, QR
 * sessions, consent), `loadSystemConfig` for `device.yml`, and the signing functions.
 *
 * @module @ones.dev/backend-modules
 */

export type {
  LoginHintParameter,
  MakeCibaRequestParameters,
  MakeCibaRequestWithQrSessionParameters,
} from './ciba/build-ciba-request-claims.js';
export type { MakeCibaRequestResult } from './ciba/make-ciba-request-result.js';
export type { FromSystemConfigOptions } from './config/from-system-config.js';
export type { SystemConfig } from './config/load-system-config.js';
export { DEFAULT_DEVICE_CONFIG_PATH, loadSystemConfig } from './config/load-system-config.js';
export type { WaitForConsentDecisionOptions } from './consent/consent-flow.js';
export type { CallOptions } from './device-authentication/call-options.js';
export type { DeviceAccessToken } from './device-authentication/device-access-token-cache.js';
export { DeviceAuthentication } from './device-authentication/device-authentication.js';
export type {
  DeviceAuthenticationOptions,
  OnesLogEvent,
} from './device-authentication/device-authentication-options.js';
export type { IdpEndpoints } from './discovery/discovery.js';
export { encryptionPublicJwk } from './jwt/encryption-public-jwk.js';
export type { ValidateJwtOptions } from './jwt/jwt-validation.js';
export type { DecryptionKey, TokenDecryptionOptions } from './jwt/token-decryption.js';
export type { ValidatedJwtClaims } from './jwt/validate-jwt.js';
export { ALLOWED_JWT_ALGORITHMS } from './jwt/validate-jwt.js';
export type { JwtBearerGrantParameters } from './jwt-bearer/jwt-bearer-grant.js';
export type { QrSessionReference } from './qr/qr-flow.js';
export type { DeviceIdentitySigningOptions } from './signing/device-identity-signing-function.js';
export {
  createDeviceIdentitySigningFunction,
  deviceIdentitySigningFunction,
} from './signing/device-identity-signing-function.js';
export type { JwsAlgorithm } from './signing/jws-algorithm.js';
export { jwsAlgorithmForKeyType } from './signing/jws-algorithm.js';
export type { DevicePrivateKey } from './signing/key-signing-function.js';
export { createKeySigningFunction } from './signing/key-signing-function.js';
export { DEFAULT_DEVICE_IDENTITY_URL } from './signing/signer-answer.js';
export type { SigningFunction, SigningRequest } from './signing/signing-function.js';
export type { UserInfo, UserInfoOptions } from './userinfo/user-info-flow.js';
