import { correction, generate } from 'lean-qr/nano';
import { escapeHtml } from './widget-dom.js';

/**
 * An SVG of the QR code for `text` (dark on white, with the 4-module quiet zone scanners need),
 * labelled `label` for screen readers. lean-qr's "nano" encoder (byte mode: the content is ASCII)
 * and one path of horizontal runs: half the size of the full encoder and its SVG extra that
 * `@ones.dev/common/qr` uses, which keeps the widget within its budget.
 */
export function widgetQrSvg(text: string, label: string): string {
  const code = generate(text, { minCorrectionLevel: correction.M });
  let path = '';
  for (let y = 0; y < code.size; y += 1) {
    for (let x = 0; x < code.size; x += 1) {
      let run = 0;
      while (code.get(x + run, y)) run += 1;
      if (run > 0) path += `M${x} ${y}h${run}v1h-${run}z`;
      x += run;
    }
  }
  const side = code.size + 8;
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeHtml(label)}" viewBox="-4 -4 ${side} ${side}" shape-rendering="crispEdges"><rect x="-4" y="-4" width="${side}" height="${side}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
