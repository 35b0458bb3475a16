// from packages/common/src/qr/authentication-qr-code-content.ts
import type { AuthenticationQRCodeContent } from '@ones.dev/common';

const content: AuthenticationQRCodeContent = {
  cbUrl: 'https://id.example/qr-auth/sessions/s1/callback',
  sessionId: 's1',
  exp: 1_900_000_000,
};
