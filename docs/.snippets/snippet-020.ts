// from packages/common/src/errors/ones-http-error.ts
import { OnesHttpError, qrSessionStatusClientV2 } from '@ones.dev/common';

try {
  await qrSessionStatusClientV2('https://shop.example', 'session-id');
} catch (error) {
  if (error instanceof OnesHttpError && error.response?.status === 404) {
    // the QR code expired: show a new one
  }
}
