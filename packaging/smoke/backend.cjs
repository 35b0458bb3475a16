// @ts-check
// A customer's CommonJS backend (NestJS's default): a device token against the installed
// @ones.dev/testing fake IdP, signing with an RSA key in memory.
const { AuthJwtProperties } = require('@ones.dev/common');
const {
  createKeySigningFunction,
  DeviceAuthentication,
  jwsAlgorithmForKeyType,
} = require('@ones.dev/backend-modules');
const { createFakeOnesIdp, createTestDevice } = require('@ones.dev/testing');
const { setupServer } = require('msw/node');

async function main() {
  const device = await createTestDevice({ keyType: 'RSA:2048' });
  const idp = createFakeOnesIdp({ host: 'https://id.example', device });
  const server = setupServer(...idp.handlers);
  server.listen({ onUnhandledFrame: 'error' });
  const auth = new DeviceAuthentication({
    name: 'pack-check',
    idpBaseUrl: 'https://id.example',
    deviceId: device.deviceId,
    deviceClientId: device.clientId,
    deviceKeyType: device.keyType,
    functions: { signingFunction: createKeySigningFunction(device.privateKeyPem) },
    deviceIdentityUrl: 'http://127.0.0.1:8000/sign',
    authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Pack check' }),
  });
  const { access_token } = await auth.makeDeviceAccessToken();
  const { active } = await auth.tokenIntrospection(access_token);
  server.close();
  if (!active || jwsAlgorithmForKeyType('RSA:2048') !== 'RS256') process.exit(1);
  console.log('backend CommonJS: device token against @ones.dev/testing ok');
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
