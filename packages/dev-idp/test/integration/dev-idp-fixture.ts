import {
  DeviceAuthentication,
  type FromSystemConfigOptions,
  loadSystemConfig,
} from '@ones.dev/backend-modules';
import { AuthJwtProperties } from '@ones.dev/common';
import { type DevIdp, type StartDevIdpOptions, startDevIdp } from '../../src/index.js';

/**
 * A `DeviceAuthentication` configured the way a customer's backend is: from the `device.yml`
 * dev-idp wrote, signing through the px-device-identity protocol over loopback HTTP.
 */
export async function backendFor(
  idp: DevIdp,
  overrides: Partial<FromSystemConfigOptions> = {},
): Promise<DeviceAuthentication> {
  return DeviceAuthentication.fromSystemConfig(loadSystemConfig(idp.device.configPath), {
    name: 'integration',
    deviceIdentityUrl: idp.signer.url,
    authJwtProperties: new AuthJwtProperties({
      scope: 'openid profile email offline_access',
      bindingMessage: 'Authorize login to Example.com',
    }),
    ...overrides,
  });
}

/** Starts a dev-idp with a 1 s CIBA interval (the SDK's floor), for one test file. */
export function startTestIdp(options: StartDevIdpOptions = {}): Promise<DevIdp> {
  return startDevIdp({ cibaIntervalSeconds: 1, ...options });
}

export { rejectionOf } from '../../../../test-support/rejection-of.js';
