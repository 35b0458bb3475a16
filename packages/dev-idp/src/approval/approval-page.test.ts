import { createHash } from 'node:crypto';
import { buildLoginCode, PERSONAL_DATA_CONSENT_PROPERTIES } from '@ones.dev/common';
import { DEMO_USERS } from '@ones.dev/idp-model';
import { describe, expect, it } from 'vitest';
import { APPROVAL_PAGE_HEADERS, renderApprovalPage } from './approval-page.js';

const [alice, bob] = DEMO_USERS as [(typeof DEMO_USERS)[0], (typeof DEMO_USERS)[0]];

/** A page with one item of each kind, so every form and every style is on it. */
const page = renderApprovalPage({
  logins: [
    {
      authReqId: 'Xq3v-9Lr_a0b1C2d3E4f5',
      loginCode: buildLoginCode('Xq3v-9Lr_a0b1C2d3E4f5'),
      user: alice,
      bindingMessage: 'Log in to Shop',
      scope: 'openid',
      qrSessionId: undefined,
      expiresAt: Date.now() + 60_000,
    },
  ],
  qrSessions: [
    {
      sessionId: 'qr-1',
      exp: 0,
      originIp: '198.51.100.23',
      status: 'pending',
      scannedBy: undefined,
      authRequestId: undefined,
    },
  ],
  consents: [
    {
      id: 'consent-1',
      subject: bob,
      resource: 'https://shop.example',
      reason: 'Newsletter',
      names: [PERSONAL_DATA_CONSENT_PROPERTIES.EMAIL],
      status: 'pending',
      released: {},
      expiresAt: Date.now() + 60_000,
    },
  ],
  users: DEMO_USERS,
});

describe('the approval page works under its own Content-Security-Policy', () => {
  it("the policy's style-src hash is the hash of the page's one inline style", () => {
    const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(([, css]) => css ?? '');
    expect(styles).toHaveLength(1);
    const hash = createHash('sha256')
      .update(styles[0] ?? '')
      .digest('base64');
    expect(APPROVAL_PAGE_HEADERS['content-security-policy']).toContain(`style-src 'sha256-${hash}'`);
  });

  it('the page has no script, no style attribute and no form that posts to another origin', () => {
    expect(page).not.toMatch(/<script|\sstyle=|\son[a-z]+=/i);
    const actions = [...page.matchAll(/<form ([^>]*)>/g)].map(([, attributes]) => attributes);
    expect(actions).toEqual([
      `method="post" action="/approve/ciba/Xq3v-9Lr_a0b1C2d3E4f5/approve"`,
      `method="post" action="/approve/ciba/Xq3v-9Lr_a0b1C2d3E4f5/deny"`,
      `method="post" action="/approve/qr/qr-1/scan"`,
      `method="post" action="/approve/consent/consent-1/approve"`,
      `method="post" action="/approve/consent/consent-1/deny"`,
    ]);
    expect(page).toContain('<meta http-equiv="refresh" content="2">');
  });
});

describe('the approval page shows a login code', () => {
  it('each login shows the buildLoginCode of its auth_req_id, as text and in data-login-code', () => {
    const code = buildLoginCode('Xq3v-9Lr_a0b1C2d3E4f5');
    expect(page).toContain(`data-login-code="${code}">Code ${code}</strong>`);
  });
});
