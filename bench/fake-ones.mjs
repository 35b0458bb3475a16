// Shared set-up of the benchmarks: a device, the fake OnesID and signer from @ones.dev/testing in MSW,
// and a DeviceAuthentication for that device. Everything runs in process: no network.

import { createDeviceIdentitySigningFunction, DeviceAuthentication } from '@ones.dev/backend-modules';
import { AuthJwtProperties } from '@ones.dev/common';
import { createFakeDeviceSigner, createFakeOnesIdp, createTestDevice } from '@ones.dev/testing';
import { setupServer } from 'msw/node';

export const IDP_HOST = 'https://id.example';

/** Starts the fake IdP and signer; returns them with a fresh `DeviceAuthentication` and `stop()`. */
export async function startFakeOnes({ cibaIntervalSeconds = 1 } = {}) {
  const device = await createTestDevice({ keyType: 'ECC:p256' });
  const idp = createFakeOnesIdp({ host: IDP_HOST, device, cibaIntervalSeconds });
  const signer = createFakeDeviceSigner({ device });
  const server = setupServer(...idp.handlers, ...signer.handlers);
  server.listen({ onUnhandledFrame: 'error' });
  const auth = new DeviceAuthentication({
    name: 'bench',
    idpBaseUrl: IDP_HOST,
    deviceId: device.deviceId,
    deviceClientId: device.clientId,
    deviceKeyType: device.keyType,
    functions: { signingFunction: createDeviceIdentitySigningFunction() },
    deviceIdentityUrl: signer.url,
    authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Benchmark login', scope: 'openid profile' }),
  });
  return { device, idp, signer, auth, stop: () => server.close() };
}

/** Requests per IdP endpoint among `received`, as `{ discovery: 1, token: 3, … }`. */
export function countByEndpoint(received) {
  const counts = {};
  for (const { endpoint } of received) counts[endpoint] = (counts[endpoint] ?? 0) + 1;
  return counts;
}

/** Prints the result line and exits non-zero when the target is missed. */
export function report(name, passed, detail) {
  console.log(`${passed ? 'PASS' : 'FAIL'}  ${name}: ${detail}`);
  if (!passed) process.exitCode = 1;
}
