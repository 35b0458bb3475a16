// from docs/browser-login.md
import { makeQrSessionClientV2 } from '@ones.dev/common';

const controller = new AbortController();
const session = await makeQrSessionClientV2('https://shop.example', {
  path: '/auth/qr/new',
  headers: { 'x-csrf-token': 'token-from-your-page' },
  credentials: 'include',
  timeoutMs: 5_000,
  signal: controller.signal,
});
