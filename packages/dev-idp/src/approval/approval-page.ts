import { createHash } from 'node:crypto';
import type { IdpConsentRequest, IdpQrSession, IdpUser } from '@ones.dev/idp-model';
import type { CibaPrompt } from '../oidc/provider-configuration.js';

// The page's only style; the Content-Security-Policy allows exactly this text by its hash.
const STYLE = [
  'body{font:16px system-ui;margin:2rem;max-width:44rem}',
  'li{margin:1rem 0;padding:.5rem;border:1px solid #ccc;border-radius:6px;list-style:none}',
  'form{display:inline-block;margin-right:.5rem}',
  '.login-code{font:700 1.5rem ui-monospace,monospace;letter-spacing:.15em;margin-right:.75rem}',
].join('');

/**
 * The headers of every approval-page answer (the page and the 303 after an action). No other site may
 * frame the page (a framed page invites clickjacking an approval); it runs no script, takes its one
 * inline style by hash, and its forms post only to its own origin. A meta refresh is not a fetch, so
 * the policy leaves it alone.
 */
export const APPROVAL_PAGE_HEADERS = {
  'x-frame-options': 'DENY',
  'content-security-policy': [
    "default-src 'none'",
    `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  // not no-referrer: browsers then send `Origin: null` with the page's own posts, which are refused
  'referrer-policy': 'same-origin',
} as const;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const button = (action: string, label: string, extra = '') =>
  `<form method="post" action="${escapeHtml(action)}">${extra}<button type="submit">${escapeHtml(label)}</button></form>`;

/**
 * The approval page: what the OnesID phone app would show. Pending CIBA logins with their binding
 * message, QR sessions to scan as a user, consent requests with the values to release; each with
 * approve and deny. Each login shows its code (`buildLoginCode` of its `auth_req_id`), the code the
 * customer's page can show too, so a user with two logins waiting approves the right one. Refreshes
 * itself every 2 seconds.
 */
export function renderApprovalPage(state: {
  readonly logins: readonly CibaPrompt[];
  readonly qrSessions: readonly IdpQrSession[];
  readonly consents: readonly IdpConsentRequest[];
  readonly users: readonly IdpUser[];
  /** Opened by a login box's app link on this phone: only this QR session is offered to scan. */
  readonly linkedSession?: string | undefined;
}): string {
  const logins = state.logins.map((login) => {
    const code = escapeHtml(login.loginCode);
    return `<li class="login" data-auth-req-id="${escapeHtml(login.authReqId)}">
  <p><strong class="login-code" data-login-code="${code}">Code ${code}</strong>
  <strong>${escapeHtml(login.user.username)}</strong>: “${escapeHtml(login.bindingMessage ?? '(no binding message)')}”
  <small>${escapeHtml(login.scope)}${login.qrSessionId ? ' · from a QR code' : ''}</small></p>
  ${button(`/approve/ciba/${encodeURIComponent(login.authReqId)}/approve`, `Approve login for ${login.user.username}`)}
  ${button(`/approve/ciba/${encodeURIComponent(login.authReqId)}/deny`, 'Deny')}
</li>`;
  });
  const userOptions = state.users
    .map((user) => `<option value="${escapeHtml(user.username)}">${escapeHtml(user.username)}</option>`)
    .join('');
  const sessions = state.qrSessions
    .filter((session) => session.status === 'pending')
    .filter((session) => state.linkedSession === undefined || session.sessionId === state.linkedSession)
    .map(
      (session) => `<li class="qr-session" data-session-id="${escapeHtml(session.sessionId)}">
  <p>QR session ${escapeHtml(session.sessionId)}${session.originIp ? ` from ${escapeHtml(session.originIp)}` : ''}</p>
  ${button(`/approve/qr/${encodeURIComponent(session.sessionId)}/scan`, 'Scan as user', `<label>User <select name="username">${userOptions}</select></label> `)}
</li>`,
    );
  const consents = state.consents
    .filter((consent) => consent.status === 'pending')
    .map(
      (consent) => `<li class="consent" data-consent-id="${escapeHtml(consent.id)}">
  <p><strong>${escapeHtml(consent.resource)}</strong> asks ${escapeHtml(consent.subject.username)} for:
  ${consent.names.map((name) => `${escapeHtml(name)} = ${escapeHtml(consent.subject.profile?.[name] ?? '(none)')}`).join(', ')}</p>
  <p>Reason: ${escapeHtml(consent.reason)}</p>
  ${button(`/approve/consent/${encodeURIComponent(consent.id)}/approve`, 'Release these values')}
  ${button(`/approve/consent/${encodeURIComponent(consent.id)}/deny`, 'Deny')}
</li>`,
    );
  const section = (title: string, items: string[], empty: string) =>
    `<section><h2>${title}</h2>${items.length ? `<ul>${items.join('\n')}</ul>` : `<p class="empty">${empty}</p>`}</section>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<title>OnesID dev phone</title>
<style>${STYLE}</style>
</head><body>
<h1>OnesID dev phone</h1>
<p>Plays the OnesID phone app for the local IdP: approve or deny what your backend asks.</p>
${section('Login requests', logins, 'No login is waiting.')}
${section(
  state.linkedSession === undefined ? 'QR codes to scan' : 'The login box on this phone',
  sessions,
  state.linkedSession === undefined
    ? 'No QR code is waiting.'
    : 'This QR code expired or was used: show a new one.',
)}
${section('Consent requests', consents, 'No consent request is waiting.')}
</body></html>`;
}
