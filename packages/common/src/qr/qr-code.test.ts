import { correction, generate } from 'lean-qr';
import { describe, expect, it } from 'vitest';
import { buildQrCodeContent } from './authentication-qr-code-content.js';
import { renderQrCodeSvg } from './render-qr-code-svg.js';

const SESSION = {
  sessionId: 'qr-1',
  cbUrl: 'https://id.example/qr-auth/sessions/qr-1/callback',
  exp: 1_900_000_000,
};

describe('buildQrCodeContent', () => {
  it('produces compact JSON with cbUrl, sessionId and exp, in that order, and nothing else', () => {
    expect(buildQrCodeContent({ ...SESSION, expIn: 120, interval: 2 } as typeof SESSION)).toBe(
      '{"cbUrl":"https://id.example/qr-auth/sessions/qr-1/callback","sessionId":"qr-1","exp":1900000000}',
    );
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
