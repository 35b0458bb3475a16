// from packages/common/src/schemas/idp/qr-auth-session.ts
import { QrAuthSessionCreatedSchema } from '@ones.dev/common/schemas';

const session = QrAuthSessionCreatedSchema.parse({
  sessionId: 's1',
  cbUrl: 'https://id.example/qr-auth/sessions/s1/callback',
  expIn: 120,
  exp: 1_900_000_000,
  interval: 2,
});
