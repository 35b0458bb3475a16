import { describe, expect, it } from 'vitest';
import { appLinkFor, panelHtml } from './widget-panel.js';
import { ONES_LOGIN_STRINGS } from './widget-strings.js';

const QR = JSON.stringify({ cbUrl: 'https://id.example/cb', sessionId: 's-1', exp: 1_900_000_000 });

describe('the app link', () => {
  it('puts the QR code’s content, URL-encoded, where the template says {qr}', () => {
    expect(appLinkFor('onesid://login?qr={qr}', QR)).toBe(`onesid://login?qr=${encodeURIComponent(QR)}`);
    expect(appLinkFor('https://app.example/{qr}#{qr}', 'a b')).toBe('https://app.example/a%20b#a%20b');
  });

  it('gives none without a template, or for one that would run script', () => {
    expect(appLinkFor(null, QR)).toBeUndefined();
    for (const template of [
      'javascript:alert(1)//{qr}',
      ' JavaScript:x',
      'data:text/html,{qr}',
      'vbscript:x',
    ])
      expect(appLinkFor(template, QR)).toBeUndefined();
  });

  it('is escaped into the panel: a template cannot break out of its attribute', () => {
    const html = panelHtml({
      state: 'waiting',
      tab: 'qr',
      view: { qr: QR, deadline: Date.now() + 60_000, total: 120_000 },
      strings: ONES_LOGIN_STRINGS.en,
      username: '',
      appLink: 'https://app.example/?x="><img src=x onerror=alert(1)>&qr={qr}',
    });
    expect(html).toContain(
      'href="https://app.example/?x=&#34;&#62;&#60;img src=x onerror=alert(1)&#62;&#38;qr=',
    );
    expect(html).not.toContain('<img');
  });
});
