// A plain-HTML page with the <ones-login> widget: `node src/server.ts` with the device's
// device.yml. ONES_DEVICE_YML (default /etc/px-device-identity/device.yml), ONES_SIGNER_URL
// (default: device.yml's device_identity_url, else http://127.0.0.1:8000/sign), ONES_COOKIE_SECRET
// (32 bytes or more), ORIGIN (where the page is served, default http://127.0.0.1:3000), PORT
// (default 3000).

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DeviceAuthentication, loadSystemConfig } from '@ones.dev/backend-modules';
import { createOnesLogin } from '@ones.dev/backend-modules/login';
import { AuthJwtProperties } from '@ones.dev/common';
import { createWidgetPageServer } from './widget-page-server.ts';

const port = Number(process.env.PORT ?? 3000);
const auth = DeviceAuthentication.fromSystemConfig(loadSystemConfig(process.env.ONES_DEVICE_YML), {
  name: 'widget-shop',
  deviceIdentityUrl: process.env.ONES_SIGNER_URL, // else device.yml's device_identity_url, else :8000
  authJwtProperties: new AuthJwtProperties({
    scope: 'openid profile email',
    bindingMessage: 'Log in to Shop',
  }),
});
const login = createOnesLogin({
  auth,
  secrets: [process.env.ONES_COOKIE_SECRET ?? ''],
  origins: [process.env.ORIGIN ?? `http://127.0.0.1:${port}`],
});
// the widget's one-file build, served as the page's only script
const widget = readFileSync(fileURLToPath(import.meta.resolve('@ones.dev/common/widget/standalone')));
createWidgetPageServer(login, widget).listen(port, '127.0.0.1', () =>
  process.stdout.write(`Shop with the OnesID widget on http://127.0.0.1:${port}\n`),
);
