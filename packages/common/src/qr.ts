/**
 * Renders login QR codes as SVG. A separate entry so the main one stays small.
 *
 * @module @ones.dev/common/qr
 */

export type { RenderQrCodeSvgOptions } from './qr/render-qr-code-svg.js';
export { renderQrCodeSvg } from './qr/render-qr-code-svg.js';
