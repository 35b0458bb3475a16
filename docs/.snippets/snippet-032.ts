// from packages/common/src/qr/render-qr-code-svg.ts
import type { RenderQrCodeSvgOptions } from '@ones.dev/common/qr';

const options: RenderQrCodeSvgOptions = { errorCorrection: 'Q', margin: 4, size: 256 };
