// The Hono example on Node: `node src/server.ts` with the device's device.yml.
// ONES_DEVICE_YML, ONES_SIGNER_URL (default http://127.0.0.1:8000/sign), PORT (default 3000).

import type { HttpBindings } from '@hono/node-server';
import { serve } from '@hono/node-server';
import {
  DEFAULT_DEVICE_IDENTITY_URL,
  DeviceAuthentication,
  loadSystemConfig,
} from '@ones.dev/backend-modules';
import { AuthJwtProperties } from '@ones.dev/common';
import { createLoginApp } from './login-app.ts';

// The device's ids, IdP and key type from device.yml; signing through px-device-identity-service.
const auth = DeviceAuthentication.fromSystemConfig(loadSystemConfig(process.env.ONES_DEVICE_YML), {
  name: 'hono-shop',
  deviceIdentityUrl: process.env.ONES_SIGNER_URL ?? DEFAULT_DEVICE_IDENTITY_URL,
  authJwtProperties: new AuthJwtProperties({
    scope: 'openid profile email',
    bindingMessage: 'Log in to Hono Shop',
  }),
});
const app = createLoginApp(auth, (c) => (c.env as HttpBindings | undefined)?.incoming.socket.remoteAddress);
const port = Number(process.env.PORT ?? 3000);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () =>
  process.stdout.write(`Hono shop on http://127.0.0.1:${port}\n`),
);
