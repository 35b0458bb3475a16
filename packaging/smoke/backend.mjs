// @ts-check
// A customer's ES module backend: a CIBA login against the installed @ones.dev/testing fake IdP,
// signing through the px-device-identity protocol with a P-384 key and a DER signer.

import { createDeviceIdentitySigningFunction, DeviceAuthentication } from '@ones.dev/backend-modules';
import { createOnesLogin } from '@ones.dev/backend-modules/login';
import { AuthJwtProperties } from '@ones.dev/common';
import { createFakeDeviceSigner, createFakeOnesIdp, createTestDevice } from '@ones.dev/testing';
import { setupServer } from 'msw/node';

const device = await createTestDevice({ keyType: 'ECC:p384' });
const idp = createFakeOnesIdp({ host: 'https://id.example', device });
const signer = createFakeDeviceSigner({ device, encoding: 'der' });
const server = setupServer(...idp.handlers, ...signer.handlers);
server.listen({ onUnhandledFrame: 'error' });
const auth = new DeviceAuthentication({
  name: 'pack-check',
  idpBaseUrl: 'https://id.example',
  deviceId: device.deviceId,
  deviceClientId: device.clientId,
  functions: { signingFunction: createDeviceIdentitySigningFunction() },
  deviceIdentityUrl: signer.url,
  authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Pack check' }),
});
const login = await auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
await idp.approveLogin({ authReqId: login.auth_req_id });
const tokens = await auth.checkCibaStatus(login.auth_req_id);
const claims = await auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' });
// the login kit from its own entry: a browser's login start, answered with a __Host- cookie
const kit = createOnesLogin({
  auth,
  secrets: ['a-pack-check-secret-of-32-bytes-or-more'],
  origins: ['https://shop.example'],
});
const started = await kit.fetch(
  new Request('https://shop.example/api/auth/oidc/bc-authorize', {
    method: 'POST',
    headers: { origin: 'https://shop.example', 'content-type': 'application/json' },
    body: JSON.stringify({ userIdentifier: 'alice' }),
  }),
  { clientAddress: '203.0.113.1' },
);
server.close();
if (claims.sub !== 'user-alice') process.exit(1);
if (started?.status !== 200 || !started.headers.getSetCookie()[0]?.startsWith('__Host-ones-login='))
  process.exit(1);
console.log('backend ESM: CIBA login against @ones.dev/testing ok (key type learned from the signer)');
console.log('backend ESM: @ones.dev/backend-modules/login started a login with a __Host- cookie');
