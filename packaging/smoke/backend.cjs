// @ts-check
// A customer's CommonJS backend (NestJS's default): a device token against the installed
// @ones.dev/testing fake IdP, signing with an RSA key in memory.
const { AuthJwtProperties } = require('@ones.dev/common');
const {
  createKeySigningFunction,
  DeviceAuthentication,
  jwsAlgorithmForKeyType,
} = require('@ones.dev/backend-modules');
const { createOnesLogin } = require('@ones.dev/backend-modules/login');
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
  // the login kit's CommonJS build (jose, cookie and the Node adapter bundled in)
  const kit = createOnesLogin({
    auth,
    secrets: ['a-pack-check-secret-of-32-bytes-or-more'],
    origins: ['https://shop.example'],
  });
  const session = await kit.fetch(new Request('https://shop.example/api/auth/session'));
  server.close();
  if (!active || jwsAlgorithmForKeyType('RSA:2048') !== 'RS256') process.exit(1);
  if (session?.status !== 401 || session.headers.get('cache-control') !== 'no-store') process.exit(1);
  console.log('backend CommonJS: device token against @ones.dev/testing ok');
  console.log('backend CommonJS: @ones.dev/backend-modules/login answers (401 without a session)');
}
main().catch((error) => {
  console.error(error);
  process.exit(1);
});
