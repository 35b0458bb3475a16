// from packages/common/src/qr/render-qr-code-svg.ts
import { renderQrCodeSvg } from '@ones.dev/common/qr';

const svg = renderQrCodeSvg(
  '{"cbUrl":"https://id.example/qr-auth/sessions/s1/callback","sessionId":"s1","exp":1900000000}',
);
