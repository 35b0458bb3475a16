// The Hono shop on Node: `node src/server.ts` with the device's device.yml. ONES_DEVICE_YML,
// ONES_SIGNER_URL (default: device.yml's device_identity_url, else http://127.0.0.1:8000/sign),
// ONES_COOKIE_SECRET (32 bytes or more), ORIGIN (where your pages are served, default
// http://127.0.0.1:3000), PORT (3000).

import type { HttpBindings } from '@hono/node-server';
import { serve } from '@hono/node-server';
import { DeviceAuthentication, loadSystemConfig } from '@ones.dev/backend-modules';
import { createOnesLogin } from '@ones.dev/backend-modules/login';
import { AuthJwtProperties } from '@ones.dev/common';
import { createShopApp } from './shop-app.ts';

const port = Number(process.env.PORT ?? 3000);
const auth = DeviceAuthentication.fromSystemConfig(loadSystemConfig(process.env.ONES_DEVICE_YML), {
  name: 'hono-shop',
  deviceIdentityUrl: process.env.ONES_SIGNER_URL, // else device.yml's device_identity_url, else :8000
  authJwtProperties: new AuthJwtProperties({
    scope: 'openid profile email',
    bindingMessage: 'Log in to Hono Shop',
  }),
});
const login = createOnesLogin({
  auth,
  secrets: [process.env.ONES_COOKIE_SECRET ?? ''],
  origins: [process.env.ORIGIN ?? `http://127.0.0.1:${port}`],
});
const app = createShopApp(login, (c) => (c.env as HttpBindings | undefined)?.incoming.socket.remoteAddress);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () =>
  process.stdout.write(`Hono shop on http://127.0.0.1:${port}\n`),
);
