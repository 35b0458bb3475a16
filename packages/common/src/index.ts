/**
 * Browser-safe: the helpers an SPA calls to log in with OnesID (CIBA by username, QR code), the typed
 * errors, `AuthJwtProperties`, the consent enums and the wire types. Runtime code here is what an SPA
 * bundles; the zod schemas live in `@ones.dev/common/schemas` and the QR renderer in
 * `@ones.dev/common/qr`, so they cost nothing unless imported. The wire types are type-only and free.
 *
 * @module @ones.dev/common
 */

export type { AuthJwtPropertiesOptions } from './auth-jwt-properties.js';
export { AuthJwtProperties } from './auth-jwt-properties.js';
export { buildLoginCode } from './ciba/build-login-code.js';
export { checkCibaStatusClient } from './client/check-ciba-status-client.js';
export type { ClientRequestOptions } from './client/client-request-options.js';
export type { MakeCibaRequestClientOptions } from './client/make-ciba-request-client.js';
export { makeCibaRequestClient } from './client/make-ciba-request-client.js';
export { makeQrSessionClientV2 } from './client/make-qr-session-client-v2.js';
export { qrSessionStatusClientV2 } from './client/qr-session-status-client-v2.js';
export type { ConsentStatus } from './enums/consent-status.js';
export { CONSENT_STATUS } from './enums/consent-status.js';
export type { LoginHintKind } from './enums/login-hint-kind.js';
export { LOGIN_HINT_KIND } from './enums/login-hint-kind.js';
export type { PersonalDataConsentProperty } from './enums/personal-data-consent-properties.js';
export { PERSONAL_DATA_CONSENT_PROPERTIES } from './enums/personal-data-consent-properties.js';
export { causeWithoutSecrets } from './errors/cause-without-secrets.js';
export type { OnesErrorCode, OnesErrorResponse, OnesLoginErrorCode } from './errors/error-codes.js';
export type { OnesErrorOptions, OnesHttpErrorCode, OnesOAuthErrorCode } from './errors/errors.js';
export {
  OnesAbortError,
  OnesConfigError,
  OnesError,
  OnesHttpError,
  OnesJwtError,
  OnesOAuthError,
  OnesSignerError,
  OnesTimeoutError,
  OnesValidationError,
} from './errors/errors.js';
export { isOnesError } from './errors/is-ones-error.js';
export { redactErrorBody } from './errors/redact-error-body.js';
export type { PollEvent, PollOptions, PollOutcome } from './polling/poll-until.js';
export type { WaitForCibaTokensClientOptions } from './polling/wait-for-ciba-tokens-client.js';
export { waitForCibaTokensClient } from './polling/wait-for-ciba-tokens-client.js';
export type {
  ScannedQrSession,
  WaitForQrAuthRequestClientOptions,
} from './polling/wait-for-qr-auth-request-client.js';
export {
  QR_CIBA_EXPIRES_IN_FALLBACK,
  waitForQrAuthRequestClient,
} from './polling/wait-for-qr-auth-request-client.js';
export type { AuthenticationQRCodeContent } from './qr/authentication-qr-code-content.js';
export { buildQrCodeContent } from './qr/authentication-qr-code-content.js';
export type { CibaAuthenticationResponse } from './schemas/idp/ciba-authentication-response.js';
export type {
  ConsentRequestBody,
  ConsentRequestCreated,
  ConsentStatusResponse,
} from './schemas/idp/consent.js';
export type { LoginHint } from './schemas/idp/login-hint-token.js';
export type { OAuthErrorResponse } from './schemas/idp/oauth-error-response.js';
export type {
  QrAuthSessionCreated,
  QrAuthSessionIdp,
  QrSessionStatus,
} from './schemas/idp/qr-auth-session.js';
export type { TokenIntrospectionResponse } from './schemas/idp/token-introspection-response.js';
export type { TokenResponse } from './schemas/idp/token-response.js';
export type {
  CibaAuthRequestFrontendDto,
  CibaAuthRequestResponseDto,
  CibaAuthStatusRequestFrontendDto,
  CibaAuthStatusResponseDto,
} from './schemas/routes/ciba-route-dtos.js';
export type {
  QrSessionMakeResponseDto,
  QrSessionStatusRequestDto,
  QrSessionStatusResponseDto,
} from './schemas/routes/qr-route-dtos.js';
export { getSessionClient } from './session/get-session-client.js';
export type { LogInWithQrCodeClientOptions } from './session/log-in-with-qr-code-client.js';
export { logInWithQrCodeClient } from './session/log-in-with-qr-code-client.js';
export type {
  LogInWithUsernameClientOptions,
  LoginStartedEvent,
} from './session/log-in-with-username-client.js';
export { logInWithUsernameClient } from './session/log-in-with-username-client.js';
export { logOutClient } from './session/log-out-client.js';
export type { OnesSession, SessionClientOptions } from './session/ones-session.js';
export type { WaitForSessionClientOptions } from './session/wait-for-session-client.js';
export { waitForSessionClient } from './session/wait-for-session-client.js';
export { unixTimeInSeconds } from './time/unix-time-in-seconds.js';
