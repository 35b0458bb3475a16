// from packages/common/src/schemas/idp/qr-auth-session.ts
import { QrAuthSessionIdpSchema } from '@ones.dev/common/schemas';

const session = QrAuthSessionIdpSchema.parse({ sessionId: 's1', exp: 1_900_000_000, status: 'pending' });
