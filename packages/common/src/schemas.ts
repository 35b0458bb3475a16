/**
 * The zod/mini schemas for every wire shape (IdP answers and the customer-route DTOs), each next to its
 * inferred type. The backend parses every answer with these.
 *
 * @module @ones.dev/common/schemas
 */

export type { CibaAuthenticationResponse } from './schemas/idp/ciba-authentication-response.js';
export { CibaAuthenticationResponseSchema } from './schemas/idp/ciba-authentication-response.js';
export type {
  ConsentRequestBody,
  ConsentRequestCreated,
  ConsentStatusResponse,
} from './schemas/idp/consent.js';
export {
  ConsentRequestBodySchema,
  ConsentRequestCreatedSchema,
  ConsentStatusResponseSchema,
} from './schemas/idp/consent.js';
export type { LoginHint } from './schemas/idp/login-hint-token.js';
export { LoginHintSchema } from './schemas/idp/login-hint-token.js';
export type { OAuthErrorResponse } from './schemas/idp/oauth-error-response.js';
export { OAuthErrorResponseSchema } from './schemas/idp/oauth-error-response.js';
export type {
  QrAuthSessionCreated,
  QrAuthSessionIdp,
  QrSessionStatus,
} from './schemas/idp/qr-auth-session.js';
export {
  QR_SESSION_STATUS,
  QrAuthSessionCreatedSchema,
  QrAuthSessionIdpSchema,
} from './schemas/idp/qr-auth-session.js';
export type { TokenIntrospectionResponse } from './schemas/idp/token-introspection-response.js';
export { TokenIntrospectionResponseSchema } from './schemas/idp/token-introspection-response.js';
export type { TokenResponse } from './schemas/idp/token-response.js';
export { TokenResponseSchema } from './schemas/idp/token-response.js';
export type {
  CibaAuthRequestFrontendDto,
  CibaAuthRequestResponseDto,
  CibaAuthStatusRequestFrontendDto,
  CibaAuthStatusResponseDto,
} from './schemas/routes/ciba-route-dtos.js';
export {
  CibaAuthRequestFrontendDtoSchema,
  CibaAuthRequestResponseDtoSchema,
  CibaAuthStatusRequestFrontendDtoSchema,
  CibaAuthStatusResponseDtoSchema,
} from './schemas/routes/ciba-route-dtos.js';
export type {
  QrSessionMakeResponseDto,
  QrSessionStatusRequestDto,
  QrSessionStatusResponseDto,
} from './schemas/routes/qr-route-dtos.js';
export {
  QrSessionMakeResponseDtoSchema,
  QrSessionStatusRequestDtoSchema,
  QrSessionStatusResponseDtoSchema,
} from './schemas/routes/qr-route-dtos.js';
