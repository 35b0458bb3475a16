import { correction, generate } from 'lean-qr';
import { toSvgSource } from 'lean-qr/extras/svg';
import { failArgument } from '../internal/fail-argument.js';

/**
 * Options of {@link renderQrCodeSvg}.
 *
 * @example
 * ```ts
 * import type { RenderQrCodeSvgOptions } from '@ones.dev/common/qr';
 * const options: RenderQrCodeSvgOptions = { errorCorrection: 'Q', margin: 4, size: 256 };
 * ```
 */
export interface RenderQrCodeSvgOptions {
  /** Error-correction level; higher survives more damage but grows the code. Default `'M'`. */
  readonly errorCorrection?: 'L' | 'M' | 'Q' | 'H';
  /** Quiet zone in modules around the code; scanners need at least 4 (the default). */
  readonly margin?: number;
  /** Width and height of the SVG in pixels; default: 8 pixels per module. */
  readonly size?: number;
  /** Colour of dark modules; default `'#000'`. */
  readonly darkColor?: string;
  /** Colour of light modules; default `'#fff'`. */
  readonly lightColor?: string;
}

const SAFE_COLOR = /^(#[0-9a-f]{3,8}|[a-z]{3,20})$/i;

/**
 * Renders text (e.g. from `buildQrCodeContent`) as a standalone SVG QR code, ready for
 * `element.innerHTML` or an `<img src="data:image/svg+xml,…">`.
 *
 * @param text - what the code encodes
 * @param options - error correction, margin, size, colours
 * @returns the SVG document as a string
 * @throws OnesValidationError `ERR_VALIDATION_ARGUMENT` for empty text or bad options
 * @example
 * ```ts
 * import { renderQrCodeSvg } from '@ones.dev/common/qr';
 * const svg = renderQrCodeSvg('{"cbUrl":"https://id.example/qr-auth/sessions/s1/callback","sessionId":"s1","exp":1900000000}');
 * ```
 */
export function renderQrCodeSvg(text: string, options: RenderQrCodeSvgOptions = {}): string {
  if (typeof text !== 'string' || text === '') failArgument('text', 'must be a non-empty string');
  const { errorCorrection = 'M', margin = 4, size, darkColor = '#000', lightColor = '#fff' } = options;
  const level = correction[errorCorrection];
  if (level === undefined) failArgument('options.errorCorrection', 'must be one of L, M, Q, H');
  if (!Number.isInteger(margin) || margin < 0 || margin > 32)
    failArgument('options.margin', 'must be a whole number from 0 to 32');
  if (size !== undefined && (!Number.isInteger(size) || size < 16 || size > 4096)) {
    failArgument('options.size', 'must be a whole number of pixels from 16 to 4096');
  }
  if (!SAFE_COLOR.test(darkColor)) failArgument('options.darkColor', 'must be a hex colour or a colour name');
  if (!SAFE_COLOR.test(lightColor))
    failArgument('options.lightColor', 'must be a hex colour or a colour name');
  const code = generate(text, { minCorrectionLevel: level });
  const side = size ?? (code.size + 2 * margin) * 8;
  return toSvgSource(code, { on: darkColor, off: lightColor, pad: margin, width: side, height: side });
}
