// from packages/common/src/client/qr-session-status-client-v2.ts
import { qrSessionStatusClientV2 } from '@ones.dev/common';

const status = await qrSessionStatusClientV2('https://shop.example', 'session-id');
if (status.authRequestId) console.log('scanned: approve on the phone');
