// @ones.dev/common/qr — renders login QR codes as SVG. A separate entry so the main one stays small.

export type { RenderQrCodeSvgOptions } from './qr/render-qr-code-svg.js';
export { renderQrCodeSvg } from './qr/render-qr-code-svg.js';
