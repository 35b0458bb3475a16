import jsQR from 'jsqr';
import { type Bitmap2D, correction, generate } from 'lean-qr';
import { describe, expect, it } from 'vitest';
import { type AuthenticationQRCodeContent, buildQrCodeContent } from './authentication-qr-code-content.js';
import { renderQrCodeSvg } from './render-qr-code-svg.js';

const SESSION = {
  sessionId: 'qr-1',
  cbUrl: 'https://id.example/qr-auth/sessions/qr-1/callback',
  exp: 1_900_000_000,
};

/** Reads a QR code the way a phone camera does (jsQR), from its modules drawn 4 pixels each. */
function scan(code: Bitmap2D): string {
  const scale = 4;
  const width = (code.size + 8) * scale;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let y = 0; y < code.size; y += 1) {
    for (let x = 0; x < code.size; x += 1) {
      if (!code.get(x, y)) continue;
      for (let dy = 0; dy < scale; dy += 1) {
        for (let dx = 0; dx < scale; dx += 1) {
          const offset = (((y + 4) * scale + dy) * width + (x + 4) * scale + dx) * 4;
          pixels.fill(0, offset, offset + 3);
        }
      }
    }
  }
  const found = jsQR(pixels, width, width);
  if (found === null) throw new Error('the QR code cannot be read');
  return found.data;
}

describe('buildQrCodeContent', () => {
  it('produces compact JSON with cbUrl, sessionId and exp, in that order, and nothing else', () => {
    expect(buildQrCodeContent({ ...SESSION, expIn: 120, interval: 2 } as typeof SESSION)).toBe(
      '{"cbUrl":"https://id.example/qr-auth/sessions/qr-1/callback","sessionId":"qr-1","exp":1900000000}',
    );
  });

  it('takes the content as the vendor builds it, cbUrl and sessionId only', () => {
    const content: AuthenticationQRCodeContent = { cbUrl: SESSION.cbUrl, sessionId: SESSION.sessionId };
    expect(buildQrCodeContent(content)).toBe(
      '{"cbUrl":"https://id.example/qr-auth/sessions/qr-1/callback","sessionId":"qr-1"}',
    );
  });

  it('renders a code a phone app that knows only cbUrl and sessionId can read', () => {
    const text = buildQrCodeContent({ ...SESSION, expIn: 120, interval: 2 } as typeof SESSION);
    const scanned = scan(generate(text, { minCorrectionLevel: correction.M }));
    const { cbUrl, sessionId } = JSON.parse(scanned) as { cbUrl: unknown; sessionId: unknown };
    expect({ cbUrl, sessionId }).toEqual({ cbUrl: SESSION.cbUrl, sessionId: SESSION.sessionId });
  });

  it.each([
    [{ ...SESSION, cbUrl: 'javascript:alert(1)' }, '"session.cbUrl" must be an absolute http(s) URL'],
    [{ ...SESSION, sessionId: '' }, '"session.sessionId" must be 1 to 512 visible ASCII characters'],
    [{ ...SESSION, exp: 1.5 }, '"session.exp" must be a Unix time in whole seconds'],
  ])('rejects a malformed session', (session, message) => {
    expect(() => buildQrCodeContent(session)).toThrow(message);
  });
});

describe('renderQrCodeSvg', () => {
  it('renders a square SVG with a quiet zone of 4 modules and 8 pixels per module by default', () => {
    const text = buildQrCodeContent(SESSION);
    const svg = renderQrCodeSvg(text);
    const modules = generate(text, { minCorrectionLevel: correction.M }).size + 8;
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain(`viewBox="-4 -4 ${modules} ${modules}"`);
    expect(svg).toContain(`width="${modules * 8}"`);
    expect(svg).toContain('fill="#000"');
  });

  it('honours size and colours, and grows with higher error correction', () => {
    const text = buildQrCodeContent(SESSION);
    const svg = renderQrCodeSvg(text, { size: 256, darkColor: '#123456', lightColor: 'white', margin: 2 });
    expect(svg).toContain('width="256"');
    expect(svg).toContain('#123456');
    expect(renderQrCodeSvg(text, { errorCorrection: 'H' }).length).toBeGreaterThan(
      renderQrCodeSvg(text, { errorCorrection: 'L' }).length,
    );
  });

  it.each([
    ['', {}, '"text" must be a non-empty string'],
    ['x', { margin: -1 }, '"options.margin"'],
    ['x', { size: 5 }, '"options.size"'],
    [
      'x',
      { darkColor: 'red" onload="alert(1)' },
      '"options.darkColor" must be a hex colour or a colour name',
    ],
  ])('rejects bad input %#', (text, options, message) => {
    expect(() => renderQrCodeSvg(text, options)).toThrow(message);
  });
});
