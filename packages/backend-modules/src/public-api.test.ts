import { describe, expect, it } from 'vitest';
import * as backendModules from './index.js';

describe('@ones.dev/backend-modules public values', () => {
  it('exports exactly these names, so a refactoring cannot drop one unnoticed', () => {
    expect(Object.keys(backendModules).sort()).toEqual([
      'ALLOWED_JWT_ALGORITHMS',
      'DEFAULT_DEVICE_CONFIG_PATH',
      'DEFAULT_DEVICE_IDENTITY_URL',
      'DeviceAuthentication',
      'createDeviceIdentitySigningFunction',
      'createKeySigningFunction',
      'deviceIdentitySigningFunction',
      'encryptionPublicJwk',
      'jwsAlgorithmForKeyType',
      'loadSystemConfig',
    ]);
  });

  it('DeviceAuthentication has exactly these public methods', () => {
    const methods = Object.getOwnPropertyNames(backendModules.DeviceAuthentication.prototype)
      .filter((name) => name !== 'constructor')
      .sort();
    expect(methods).toEqual([
      'authJwtProperties',
      'cancelCibaRequest',
      'checkCibaStatus',
      'checkConsentStatus',
      'endpoints',
      'forgetDeviceAccessToken',
      'jwtBearerGrant',
      'makeCibaRequest',
      'makeCibaRequestWithOptionalQrSession',
      'makeConsentRequest',
      'makeDeviceAccessToken',
      'makeDeviceJwt',
      'makeQrAuthSessionIdp',
      'refreshAccessToken',
      'revokeToken',
      'tokenIntrospection',
      'userInfo',
      'validateJwt',
      'verifyQrAuthSessionIdp',
      'waitForCibaTokens',
      'waitForConsentDecision',
    ]);
  });
});
