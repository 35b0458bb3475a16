// An Express 5 backend for OnesID logins: `node src/server.ts` with the device's device.yml.
// ONES_DEVICE_YML (default /etc/px-device-identity/device.yml), ONES_SIGNER_URL (default
// http://127.0.0.1:8000/sign), PORT (default 3000).

import {
  DEFAULT_DEVICE_IDENTITY_URL,
  DeviceAuthentication,
  loadSystemConfig,
} from '@ones.dev/backend-modules';
import { AuthJwtProperties } from '@ones.dev/common';
import express from 'express';
import { createLoginRouter } from './login-routes.ts';

// The device's ids, IdP and key type from device.yml; signing through px-device-identity-service.
const auth = DeviceAuthentication.fromSystemConfig(loadSystemConfig(process.env.ONES_DEVICE_YML), {
  name: 'express-shop',
  deviceIdentityUrl: process.env.ONES_SIGNER_URL ?? DEFAULT_DEVICE_IDENTITY_URL,
  authJwtProperties: new AuthJwtProperties({
    scope: 'openid profile email',
    bindingMessage: 'Log in to Express Shop',
  }),
});

const app = express();
app.disable('x-powered-by');
app.use(createLoginRouter(auth));
const port = Number(process.env.PORT ?? 3000);
app.listen(port, '127.0.0.1', () => process.stdout.write(`Express shop on http://127.0.0.1:${port}\n`));
