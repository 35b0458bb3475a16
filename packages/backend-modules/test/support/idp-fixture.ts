import { AuthJwtProperties } from '@ones.dev/common';
import {
  createFakeDeviceSigner,
  createFakeOnesIdp,
  createTestDevice,
  type FakeDeviceSigner,
  type FakeOnesIdp,
  type TestDevice,
  type TestDeviceKeyType,
} from '@ones.dev/testing';
import type { JWK } from 'jose';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { DeviceAuthentication } from '../../src/device-authentication/device-authentication.js';
import type { DeviceAuthenticationOptions } from '../../src/device-authentication/device-authentication-options.js';
import { createDeviceIdentitySigningFunction } from '../../src/signing/device-identity-signing-function.js';

export const IDP_HOST = 'https://id.example';
export const SIGNER_URL = 'http://127.0.0.1:8000/sign';

/** Everything a backend test needs, fresh for every test. */
export interface IdpFixture {
  device: TestDevice;
  idp: FakeOnesIdp;
  signer: FakeDeviceSigner;
  auth: DeviceAuthentication;
  /** A second instance for the same device, with other options. */
  makeAuth(overrides?: Partial<DeviceAuthenticationOptions>): DeviceAuthentication;
  /** Replaces device, IdP, signer and `auth` with fresh ones of another key type or signer encoding. */
  useDevice(options: DeviceSetup): Promise<void>;
}

interface DeviceSetup {
  keyType?: TestDeviceKeyType;
  signerEncoding?: 'raw' | 'der';
  cibaIntervalSeconds?: number;
  userInfoAsJwt?: boolean;
  /** The client's public encryption JWK: the fake IdP encrypts ID tokens to it. */
  encryptTo?: JWK;
  /** The users the device may assert with the JWT-bearer grant. */
  jwtBearerSubjects?: readonly string[];
}

/**
 * Starts MSW for the file (unhandled requests fail the test) and, before each test, a fresh device,
 * fake IdP, fake signer and `DeviceAuthentication` signing through the px-device-identity protocol.
 */
export function useIdpFixture(defaults: DeviceSetup = {}): IdpFixture {
  const server = setupServer();
  let unhandled = 0;
  const fixture = {} as IdpFixture;
  beforeAll(() =>
    server.listen({
      onUnhandledFrame: ({ defaults }) => {
        unhandled += 1;
        defaults.error();
      },
    }),
  );
  const useDevice = async (setup: DeviceSetup) => {
    const options = { ...defaults, ...setup };
    const device = await createTestDevice({ keyType: options.keyType ?? 'ECC:p256' });
    const idp = createFakeOnesIdp({
      host: IDP_HOST,
      device,
      cibaIntervalSeconds: options.cibaIntervalSeconds ?? 2,
      userInfoAsJwt: options.userInfoAsJwt ?? false,
      ...(options.encryptTo === undefined ? {} : { encryptTo: options.encryptTo }),
      jwtBearerSubjects: options.jwtBearerSubjects ?? [],
    });
    const signer = createFakeDeviceSigner({
      device,
      url: SIGNER_URL,
      encoding: options.signerEncoding ?? 'raw',
    });
    server.resetHandlers(...idp.handlers, ...signer.handlers);
    const makeAuth = (overrides: Partial<DeviceAuthenticationOptions> = {}) =>
      new DeviceAuthentication({
        name: 'test-shop',
        idpBaseUrl: IDP_HOST,
        deviceId: device.deviceId,
        deviceClientId: device.clientId,
        deviceKeyType: device.keyType,
        functions: { signingFunction: createDeviceIdentitySigningFunction() },
        deviceIdentityUrl: SIGNER_URL,
        authJwtProperties: new AuthJwtProperties({
          bindingMessage: 'Authorize login to Example.com',
          scope: 'openid profile',
        }),
        ...overrides,
      });
    Object.assign(fixture, { device, idp, signer, auth: makeAuth(), makeAuth, useDevice });
  };
  beforeEach(() => useDevice({}));
  afterEach(() => {
    const count = unhandled;
    unhandled = 0;
    expect(count, 'requests no handler expected').toBe(0);
  });
  afterAll(() => server.close());
  return fixture;
}

/** Decodes a compact JWT's header and payload (no verification: for asserting what was sent). */
export function decodeJwt(jwt: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const [header, payload] = jwt.split('.');
  const decode = (part: string | undefined) =>
    JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
  return { header: decode(header), payload: decode(payload) };
}

export { rejectionOf, thrownBy } from '../../../../test-support/rejection-of.js';
