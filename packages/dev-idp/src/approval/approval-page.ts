import type { DevConsentRequest } from '../extensions/consent-requests.js';
import type { DevQrSession } from '../extensions/qr-sessions.js';
import type { CibaPrompt } from '../oidc/provider-configuration.js';
import type { DevIdpUser } from '../users.js';

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
 * approve and deny. Refreshes itself every 2 seconds.
 */
export function renderApprovalPage(state: {
  readonly logins: readonly CibaPrompt[];
  readonly qrSessions: readonly DevQrSession[];
  readonly consents: readonly DevConsentRequest[];
  readonly users: readonly DevIdpUser[];
}): string {
  const logins = state.logins.map(
    (login) => `<li class="login" data-auth-req-id="${escapeHtml(login.authReqId)}">
  <p><strong>${escapeHtml(login.user.username)}</strong>: “${escapeHtml(login.bindingMessage ?? '(no binding message)')}”
  <small>${escapeHtml(login.scope)}${login.qrSessionId ? ' · from a QR code' : ''}</small></p>
  ${button(`/approve/ciba/${encodeURIComponent(login.authReqId)}/approve`, `Approve login for ${login.user.username}`)}
  ${button(`/approve/ciba/${encodeURIComponent(login.authReqId)}/deny`, 'Deny')}
</li>`,
  );
  const userOptions = state.users
    .map((user) => `<option value="${escapeHtml(user.username)}">${escapeHtml(user.username)}</option>`)
    .join('');
  const sessions = state.qrSessions
    .filter((session) => session.status === 'pending')
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
<style>body{font:16px system-ui;margin:2rem;max-width:44rem}li{margin:1rem 0;padding:.5rem;border:1px solid #ccc;border-radius:6px;list-style:none}form{display:inline-block;margin-right:.5rem}</style>
</head><body>
<h1>OnesID dev phone</h1>
<p>Plays the OnesID phone app for the local IdP: approve or deny what your backend asks.</p>
${section('Login requests', logins, 'No login is waiting.')}
${section('QR codes to scan', sessions, 'No QR code is waiting.')}
${section('Consent requests', consents, 'No consent request is waiting.')}
</body></html>`;
}
