// Shared by the examples' tests: the backend's DeviceAuthentication for a running dev-idp.

import { DeviceAuthentication, loadSystemConfig } from '@ones.dev/backend-modules';
import { AuthJwtProperties } from '@ones.dev/common';
import type { DevIdp } from '@ones.dev/dev-idp';

/**
 * A `DeviceAuthentication` configured the way a customer's backend is: from the `device.yml` dev-idp
 * wrote, signing through its px-device-identity-style signer. `requestedExpiry` (seconds) shortens
 * how long a login may stay pending, for tests of expiry.
 */
export async function backendFor(
  idp: DevIdp,
  name: string,
  bindingMessage: string,
  options: { readonly requestedExpiry?: number } = {},
): Promise<DeviceAuthentication> {
  return DeviceAuthentication.fromSystemConfig(loadSystemConfig(idp.device.configPath), {
    name,
    deviceIdentityUrl: idp.signer.url,
    authJwtProperties: new AuthJwtProperties({
      scope: 'openid profile email',
      bindingMessage,
      ...(options.requestedExpiry === undefined ? {} : { requestedExpiry: options.requestedExpiry }),
    }),
  });
}
