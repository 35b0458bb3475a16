// from packages/common/src/qr/authentication-qr-code-content.ts
import { buildQrCodeContent, makeQrSessionClientV2 } from '@ones.dev/common';

const session = await makeQrSessionClientV2('https://shop.example');
const text = buildQrCodeContent(session);
