import type {
  AuthJwtProperties,
  CibaAuthenticationResponse,
  ConsentRequestCreated,
  ConsentStatusResponse,
  PersonalDataConsentProperty,
  PollOptions,
  QrAuthSessionCreated,
  QrAuthSessionIdp,
  TokenIntrospectionResponse,
  TokenResponse,
} from '@ones.dev/common';
import type { KyInstance } from 'ky';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  CallOptions,
  DeviceAccessToken,
  DeviceAuthenticationOptions,
  IdpEndpoints,
  JwsAlgorithm,
  LoginHintParameter,
  MakeCibaRequestParameters,
  MakeCibaRequestResult,
  MakeCibaRequestWithQrSessionParameters,
  OnesLogEvent,
  SigningFunction,
  SigningRequest,
  SystemConfig,
  UserInfo,
  UserInfoOptions,
  ValidatedJwtClaims,
  ValidateJwtOptions,
} from './index.js';
import {
  createDeviceIdentitySigningFunction,
  createKeySigningFunction,
  DeviceAuthentication,
  deviceIdentitySigningFunction,
  jwsAlgorithmForKeyType,
  loadSystemConfig,
} from './index.js';

// Pins what customers compile against: a refactoring that changes any of it fails the typecheck.
type QrSessionReference = {
  readonly sessionId: string;
  readonly originIp?: string | undefined;
  readonly clientNotificationToken?: string | undefined;
};

describe('@ones.dev/backend-modules public types', () => {
  it('loadSystemConfig is synchronous and returns the vendor fields', () => {
    expectTypeOf(loadSystemConfig).toEqualTypeOf<(path?: string) => SystemConfig>();
    expectTypeOf<Pick<SystemConfig, 'deviceId' | 'clientId' | 'authServerUrl' | 'keyType'>>().toEqualTypeOf<{
      readonly deviceId: string;
      readonly clientId: string;
      readonly authServerUrl: string;
      readonly keyType: string;
    }>();
  });

  it('the constructor takes the vendor shape, its extras optional', () => {
    expectTypeOf(DeviceAuthentication).constructorParameters.toEqualTypeOf<[DeviceAuthenticationOptions]>();
    expectTypeOf<DeviceAuthenticationOptions>().toExtend<{
      readonly name: string;
      readonly idpBaseUrl: string;
      readonly deviceId: string;
      readonly deviceClientId: string;
      readonly functions: { readonly signingFunction: SigningFunction };
      readonly deviceIdentityUrl: string;
      readonly authJwtProperties: AuthJwtProperties;
    }>();
    expectTypeOf<DeviceAuthenticationOptions['deviceKeyType']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<DeviceAuthenticationOptions['endpoints']>().toEqualTypeOf<
      Partial<IdpEndpoints> | undefined
    >();
    expectTypeOf<DeviceAuthenticationOptions['ky']>().toEqualTypeOf<KyInstance | undefined>();
    expectTypeOf<DeviceAuthenticationOptions['logger']>().toEqualTypeOf<
      ((event: OnesLogEvent) => void) | undefined
    >();
  });

  it('device tokens, introspection and refresh keep their signatures', () => {
    expectTypeOf<DeviceAuthentication['endpoints']>().toEqualTypeOf<
      (options?: CallOptions) => Promise<IdpEndpoints>
    >();
    expectTypeOf<DeviceAuthentication['makeDeviceJwt']>().toEqualTypeOf<
      (options?: CallOptions) => Promise<string>
    >();
    expectTypeOf<DeviceAuthentication['makeDeviceAccessToken']>().toEqualTypeOf<
      (options?: CallOptions) => Promise<DeviceAccessToken>
    >();
    expectTypeOf<DeviceAccessToken>().toEqualTypeOf<{
      readonly access_token: string;
      readonly expires_in: number;
      readonly token_type: string;
    }>();
    expectTypeOf<DeviceAuthentication['forgetDeviceAccessToken']>().toEqualTypeOf<() => void>();
    expectTypeOf<DeviceAuthentication['revokeToken']>().toEqualTypeOf<
      (
        token: string,
        tokenTypeHint?: 'access_token' | 'refresh_token',
        options?: CallOptions,
      ) => Promise<void>
    >();
    expectTypeOf<DeviceAuthentication['userInfo']>().toEqualTypeOf<
      (accessToken: string, options?: UserInfoOptions) => Promise<UserInfo>
    >();
    expectTypeOf<UserInfo['sub']>().toEqualTypeOf<string>();
    expectTypeOf<DeviceAuthentication['tokenIntrospection']>().toEqualTypeOf<
      (token: string, options?: CallOptions) => Promise<TokenIntrospectionResponse>
    >();
    expectTypeOf<DeviceAuthentication['refreshAccessToken']>().toEqualTypeOf<
      (refreshToken: string, options?: CallOptions) => Promise<TokenResponse>
    >();
    expectTypeOf<DeviceAuthentication['authJwtProperties']>().toEqualTypeOf<AuthJwtProperties>();
  });

  it('CIBA keeps its signatures, with the vendor spelling on the result', () => {
    expectTypeOf<DeviceAuthentication['makeCibaRequest']>().toEqualTypeOf<
      (parameters: MakeCibaRequestParameters, options?: CallOptions) => Promise<MakeCibaRequestResult>
    >();
    expectTypeOf<DeviceAuthentication['makeCibaRequestWithOptionalQrSession']>().toEqualTypeOf<
      (
        parameters: MakeCibaRequestWithQrSessionParameters,
        options?: CallOptions,
      ) => Promise<MakeCibaRequestResult>
    >();
    expectTypeOf<MakeCibaRequestResult>().toExtend<
      CibaAuthenticationResponse & { readonly experies_in: number }
    >();
    expectTypeOf<MakeCibaRequestParameters['loginHint']>().toEqualTypeOf<LoginHintParameter>();
    expectTypeOf<LoginHintParameter['kind']>().toEqualTypeOf<
      'username' | 'email' | 'phone' | 'sub' | undefined
    >();
    expectTypeOf<DeviceAuthentication['checkCibaStatus']>().toEqualTypeOf<
      (authReqId: string, options?: CallOptions) => Promise<TokenResponse>
    >();
    expectTypeOf<DeviceAuthentication['cancelCibaRequest']>().toEqualTypeOf<
      (authReqId: string, options?: CallOptions) => Promise<boolean>
    >();
    expectTypeOf<IdpEndpoints['cibaCancel']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<DeviceAuthentication['waitForCibaTokens']>().toEqualTypeOf<
      (
        login: Pick<CibaAuthenticationResponse, 'auth_req_id' | 'expires_in' | 'interval'>,
        options?: PollOptions,
      ) => Promise<TokenResponse>
    >();
  });

  it('validateJwt keeps its signature and its claims', () => {
    expectTypeOf<DeviceAuthentication['validateJwt']>().toEqualTypeOf<
      (jwt: string, options?: ValidateJwtOptions) => Promise<ValidatedJwtClaims>
    >();
    expectTypeOf<ValidateJwtOptions['tokenType']>().toEqualTypeOf<'access_token' | 'id_token' | undefined>();
    expectTypeOf<ValidatedJwtClaims['sub']>().toEqualTypeOf<string>();
    expectTypeOf<ValidatedJwtClaims['iss']>().toEqualTypeOf<string>();
    expectTypeOf<ValidatedJwtClaims['exp']>().toEqualTypeOf<number>();
    expectTypeOf<ValidatedJwtClaims['iat']>().toEqualTypeOf<number>();
  });

  it('QR sessions: a new one is a QrAuthSessionIdp; the id alone never resolves to null', () => {
    expectTypeOf<DeviceAuthentication['makeQrAuthSessionIdp']>().toEqualTypeOf<
      (options?: CallOptions & { readonly originIp?: string }) => Promise<QrAuthSessionCreated>
    >();
    expectTypeOf<QrAuthSessionCreated>().toExtend<QrAuthSessionIdp>();
    const auth = {} as DeviceAuthentication;
    expectTypeOf(auth.verifyQrAuthSessionIdp('qr-1')).toEqualTypeOf<Promise<QrAuthSessionIdp>>();
    expectTypeOf(auth.verifyQrAuthSessionIdp({ sessionId: 'qr-1' })).toEqualTypeOf<
      Promise<QrAuthSessionIdp | null>
    >();
    expectTypeOf(auth.verifyQrAuthSessionIdp({} as string | QrSessionReference)).toEqualTypeOf<
      Promise<QrAuthSessionIdp | null>
    >();
  });

  it('consent keeps its signatures', () => {
    expectTypeOf<DeviceAuthentication['makeConsentRequest']>().toEqualTypeOf<
      (
        subject: string,
        resource: string,
        content: readonly { readonly name: PersonalDataConsentProperty }[],
        reason: string,
        options?: CallOptions,
      ) => Promise<ConsentRequestCreated>
    >();
    expectTypeOf<DeviceAuthentication['checkConsentStatus']>().toEqualTypeOf<
      (id: string, options?: CallOptions) => Promise<ConsentStatusResponse>
    >();
    expectTypeOf<DeviceAuthentication['waitForConsentDecision']>().toEqualTypeOf<
      (
        id: string,
        options?: PollOptions & { readonly intervalSeconds?: number; readonly expiresInSeconds?: number },
      ) => Promise<ConsentStatusResponse>
    >();
  });

  it('signing functions keep their shapes', () => {
    expectTypeOf(deviceIdentitySigningFunction).toEqualTypeOf<SigningFunction>();
    expectTypeOf(createDeviceIdentitySigningFunction).returns.toEqualTypeOf<SigningFunction>();
    expectTypeOf(createKeySigningFunction).returns.toEqualTypeOf<SigningFunction>();
    expectTypeOf<SigningFunction>().toEqualTypeOf<(request: SigningRequest) => Promise<string>>();
    expectTypeOf(jwsAlgorithmForKeyType).toEqualTypeOf<(keyType: string) => JwsAlgorithm>();
    expectTypeOf<JwsAlgorithm>().toEqualTypeOf<'RS256' | 'ES256' | 'ES384' | 'ES512'>();
  });
});
