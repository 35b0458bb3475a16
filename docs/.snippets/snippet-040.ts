// from packages/common/src/schemas/idp/qr-auth-session.ts
import { QR_SESSION_STATUS } from '@ones.dev/common/schemas';

console.log(QR_SESSION_STATUS.SCANNED); // 'scanned'
