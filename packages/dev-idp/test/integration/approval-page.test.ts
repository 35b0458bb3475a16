import type { DeviceAuthentication } from '@ones.dev/backend-modules';
import { buildLoginCode } from '@ones.dev/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../src/index.js';
import { backendFor, startTestIdp } from './dev-idp-fixture.js';

// The approval page as a browser gets it: its headers, and what it shows for each login.
let idp: DevIdp;
let auth: DeviceAuthentication;
const ALICE = { kind: 'username', value: 'alice' } as const;

beforeAll(async () => {
  idp = await startTestIdp();
  auth = await backendFor(idp);
});
afterAll(() => idp.stop());

/** Makes `count` CIBA logins of alice; their auth_req_ids, as the IdP holds them. */
async function loginsOfAlice(count: number): Promise<string[]> {
  const before = new Set(idp.pendingLogins().map((login) => login.authReqId));
  for (let made = 0; made < count; made += 1)
    await auth.makeCibaRequest({ loginHint: ALICE, bindingMessage: 'Log in to Shop' });
  return idp
    .pendingLogins()
    .map((login) => login.authReqId)
    .filter((id) => !before.has(id));
}

/** The login code the page shows in each login's item, by auth_req_id. */
function loginCodesOn(page: string): Map<string, string> {
  const codes = new Map<string, string>();
  for (const [item] of page.matchAll(/<li class="login"[\s\S]*?<\/li>/g)) {
    const authReqId = /data-auth-req-id="([^"]*)"/.exec(item)?.[1];
    const code = /data-login-code="([^"]*)"[^>]*>Code ([^<]*)</.exec(item);
    if (authReqId !== undefined && code !== null && code[1] === code[2]) codes.set(authReqId, code[1] ?? '');
  }
  return codes;
}

describe('the approval page cannot be framed', () => {
  it('the page forbids framing and allows only its own style and same-origin forms', async () => {
    const page = await fetch(idp.approvalUrl);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const policy = page.headers.get('content-security-policy') ?? '';
    expect(policy.split('; ')).toEqual([
      "default-src 'none'",
      expect.stringMatching(/^style-src 'sha256-[A-Za-z0-9+/]{43}='$/),
      "form-action 'self'",
      "frame-ancestors 'none'",
      "base-uri 'none'",
    ]);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    // no-referrer would make browsers send `Origin: null` with the page's own posts, and refuse them
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('the answer to an approval (303 back to the page) forbids framing too', async () => {
    const [authReqId = ''] = await loginsOfAlice(1);
    const denied = await fetch(`${idp.url}/approve/ciba/${encodeURIComponent(authReqId)}/deny`, {
      method: 'POST',
      headers: { origin: idp.url },
      redirect: 'manual',
    });
    expect(denied.status).toBe(303);
    expect(denied.headers.get('location')).toBe('/approve');
    expect(denied.headers.get('x-frame-options')).toBe('DENY');
    expect(denied.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('the approval page tells two logins apart', () => {
  it('two logins of alice show two different codes, each the buildLoginCode of its auth_req_id', async () => {
    const [first = '', second = ''] = await loginsOfAlice(2);
    try {
      const codes = loginCodesOn(await (await fetch(idp.approvalUrl)).text());
      expect([...codes.keys()]).toEqual([first, second]);
      expect(codes.get(first)).toBe(buildLoginCode(first));
      expect(codes.get(second)).toBe(buildLoginCode(second));
      expect(codes.get(first)).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}$/);
      // 20 bits each: two logins share a code once in a million
      expect(codes.get(first)).not.toBe(codes.get(second));
      // a customer's test finds the login by the code its page showed
      expect(idp.pendingLogins().map(({ authReqId, loginCode }) => [authReqId, loginCode])).toEqual([
        [first, buildLoginCode(first)],
        [second, buildLoginCode(second)],
      ]);
    } finally {
      await idp.denyLogin({ authReqId: first });
      await idp.denyLogin({ authReqId: second });
    }
  });
});

describe("a login box's app link (GET /approve/app?qr=…)", () => {
  it('offers only the QR session the link names; the scan then shows the login', async () => {
    const mine = await auth.makeQrAuthSessionIdp({ originIp: '192.0.2.10' });
    const other = await auth.makeQrAuthSessionIdp({ originIp: '192.0.2.11' });
    const content = JSON.stringify({ cbUrl: 'https://shop.example/cb', sessionId: mine.sessionId });
    const page = await fetch(`${idp.approvalUrl}/app?qr=${encodeURIComponent(content)}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    expect(html).toContain('The login box on this phone');
    expect(html).toContain(`data-session-id="${mine.sessionId}"`);
    expect(html).not.toContain(`data-session-id="${other.sessionId}"`);
  });

  it('a link with no session, or one that is gone, says so and offers nothing to scan', async () => {
    for (const qr of ['not json', JSON.stringify({ sessionId: 'gone-session' }), '']) {
      const html = await (await fetch(`${idp.approvalUrl}/app?qr=${encodeURIComponent(qr)}`)).text();
      expect(html).toContain('This QR code expired or was used: show a new one.');
      expect(html).not.toContain('class="qr-session"');
    }
  });
});
