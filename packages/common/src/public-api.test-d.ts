import { describe, expectTypeOf, it } from 'vitest';
import type * as Main from './index.js';
import type {
  CibaAuthRequestResponseDto,
  CibaAuthStatusResponseDto,
  MakeCibaRequestClientOptions,
  OnesErrorCode,
  OnesLoginErrorCode,
  PersonalDataConsentProperty,
  QrSessionMakeResponseDto,
  QrSessionStatusResponseDto,
} from './index.js';
import {
  checkCibaStatusClient,
  makeCibaRequestClient,
  makeQrSessionClientV2,
  type OnesHttpError,
  type OnesOAuthError,
  qrSessionStatusClientV2,
  waitForCibaTokensClient,
  waitForQrAuthRequestClient,
} from './index.js';

describe('public types', () => {
  it('the main entry exports exactly what an SPA customer calls (the siblings share the rest through ./internal)', () => {
    expectTypeOf<keyof typeof Main>().toEqualTypeOf<
      | 'AuthJwtProperties'
      | 'CONSENT_STATUS'
      | 'LOGIN_HINT_KIND'
      | 'OnesAbortError'
      | 'OnesConfigError'
      | 'OnesError'
      | 'OnesHttpError'
      | 'OnesJwtError'
      | 'OnesOAuthError'
      | 'OnesSignerError'
      | 'OnesTimeoutError'
      | 'OnesValidationError'
      | 'PERSONAL_DATA_CONSENT_PROPERTIES'
      | 'QR_CIBA_EXPIRES_IN_FALLBACK'
      | 'buildLoginCode'
      | 'buildQrCodeContent'
      | 'causeWithoutSecrets'
      | 'checkCibaStatusClient'
      | 'getSessionClient'
      | 'isOnesError'
      | 'logInWithQrCodeClient'
      | 'logInWithUsernameClient'
      | 'logOutClient'
      | 'makeCibaRequestClient'
      | 'makeQrSessionClientV2'
      | 'qrSessionStatusClientV2'
      | 'redactErrorBody'
      | 'unixTimeInSeconds'
      | 'waitForCibaTokensClient'
      | 'waitForQrAuthRequestClient'
      | 'waitForSessionClient'
    >();
  });

  it('the vendor helpers keep their signatures', () => {
    expectTypeOf(makeCibaRequestClient).parameters.toEqualTypeOf<
      [host: string, userIdentifier: string, options?: MakeCibaRequestClientOptions]
    >();
    expectTypeOf<MakeCibaRequestClientOptions['loginHintKind']>().toEqualTypeOf<
      'username' | 'email' | 'phone' | 'sub' | undefined
    >();
    expectTypeOf<MakeCibaRequestClientOptions['signal']>().toEqualTypeOf<AbortSignal | undefined>();
    expectTypeOf(makeCibaRequestClient).returns.toEqualTypeOf<Promise<CibaAuthRequestResponseDto>>();
    expectTypeOf(checkCibaStatusClient).returns.toEqualTypeOf<Promise<CibaAuthStatusResponseDto>>();
    expectTypeOf(makeQrSessionClientV2).returns.toEqualTypeOf<Promise<QrSessionMakeResponseDto>>();
    expectTypeOf(qrSessionStatusClientV2).returns.toEqualTypeOf<Promise<QrSessionStatusResponseDto>>();
  });

  it('route answers have the documented fields', () => {
    expectTypeOf<CibaAuthRequestResponseDto>().toHaveProperty('auth_req_id').toEqualTypeOf<string>();
    expectTypeOf<CibaAuthRequestResponseDto>().toHaveProperty('interval').toEqualTypeOf<number | undefined>();
    expectTypeOf<QrSessionStatusResponseDto>()
      .toHaveProperty('authRequestId')
      .toEqualTypeOf<string | undefined>();
    expectTypeOf(waitForQrAuthRequestClient)
      .returns.resolves.toHaveProperty('authRequestId')
      .toEqualTypeOf<string>();
    expectTypeOf(waitForCibaTokensClient)
      .returns.resolves.toHaveProperty('access_token')
      .toEqualTypeOf<string>();
  });

  it('consent property names are exactly the vendor values', () => {
    expectTypeOf<PersonalDataConsentProperty>().toEqualTypeOf<
      | 'firstName'
      | 'lastName'
      | 'localizedFirstName'
      | 'localizedLastName'
      | 'identityDocumentNumber'
      | 'identityDocumentIssueDate'
      | 'identityDocumentExpiryDate'
      | 'dateOfBirth'
      | 'email'
      | 'phoneNumber'
      | 'localizedFullName'
      | 'fullName'
    >();
  });

  it('errors expose narrowed codes and the vendor-compatible response', () => {
    expectTypeOf<OnesOAuthError['code']>().toExtend<OnesErrorCode>();
    expectTypeOf<OnesOAuthError['response']['status']>().toEqualTypeOf<number>();
    expectTypeOf<OnesHttpError['code']>().toEqualTypeOf<
      'ERR_HTTP_STATUS' | 'ERR_HTTP_NETWORK' | 'ERR_QR_SESSION_NOT_FOUND' | OnesLoginErrorCode
    >();
    expectTypeOf<OnesLoginErrorCode>().toExtend<OnesErrorCode>();
    expectTypeOf<'ERR_LOGIN_RATE_LIMITED'>().toExtend<OnesLoginErrorCode>();
  });
});
