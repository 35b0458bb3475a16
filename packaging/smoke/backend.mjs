// @ts-check
// A customer's ES module backend: a CIBA login against the installed @ones.dev/testing fake IdP,
// signing through the px-device-identity protocol with a P-384 key and a DER signer.
import { createDeviceIdentitySigningFunction, DeviceAuthentication } from '@ones.dev/backend-modules';
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
server.close();
if (claims.sub !== 'user-alice') process.exit(1);
console.log('backend ESM: CIBA login against @ones.dev/testing ok (key type learned from the signer)');
