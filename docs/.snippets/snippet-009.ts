// from packages/common/src/client/make-qr-session-client-v2.ts
import { makeQrSessionClientV2 } from '@ones.dev/common';

const session = await makeQrSessionClientV2('https://shop.example');
console.log(`QR code valid for ${session.expIn} s`);
