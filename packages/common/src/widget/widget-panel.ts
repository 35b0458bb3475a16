import { countdownText, escapeHtml as html, isFailure } from './widget-dom.js';
import type { OnesLoginState } from './widget-outcome.js';
import { widgetQrSvg } from './widget-qr.js';
import type { OnesLoginStrings } from './widget-strings.js';

/** The widget's tabs. */
export type Tab = 'username' | 'qr';

/**
 * What the widget shows besides its state: the status line (a key of the strings, looked up at each
 * render so a `locale` change mid-login changes it too; `name` fills `{name}`), the login's code and
 * deadline, the QR text.
 */
export interface View {
  readonly message?: keyof OnesLoginStrings;
  readonly name?: string;
  readonly code?: string;
  readonly deadline?: number;
  readonly qr?: string;
}

/**
 * The panel's HTML for a state: the username form or "Show QR code" when idle; else the QR code,
 * the login's code, the countdown, and Cancel or Try again (`data-action` says which; `data-focus`
 * marks where the focus goes). Every text is escaped.
 */
export function panelHtml(now: {
  readonly state: OnesLoginState;
  readonly tab: Tab;
  readonly view: View;
  readonly strings: OnesLoginStrings;
  readonly username: string;
}): string {
  const { state, strings } = now;
  const { code, deadline, qr } = now.view;
  const button = (action: string, primary: boolean, label: string) =>
    `<button type="button" class="${primary ? 'primary' : 'secondary'}" part="button" data-action="${action}" data-focus>${html(label)}</button>`;
  if (state === 'approved') return '';
  if (state === 'idle' && now.tab === 'qr') return button('start', true, strings.showQr);
  if (state === 'idle') {
    return `<form part="form"><label for="username">${html(strings.usernameLabel)}</label><input id="username" name="username" autocomplete="username" required part="input" data-focus value="${html(now.username)}"><button class="primary" part="button">${html(strings.submit)}</button></form>`;
  }
  // after an unknown username, the form comes back to fix it; any other failure asks again
  const again = state === 'unknown-user' ? 'stop' : 'retry';
  return [
    qr !== undefined && state === 'waiting'
      ? `<div class="qr" part="qr">${widgetQrSvg(qr, strings.qrAlt)}</div>`
      : '',
    code === undefined
      ? ''
      : `<p aria-hidden="true">${html(strings.code)} <span class="code" part="code">${html(code)}</span></p>`,
    deadline === undefined
      ? ''
      : `<p class="muted">${html(strings.timeLeft)} <span role="timer" part="countdown">${countdownText(deadline)}</span></p>`,
    isFailure(state) ? button(again, true, strings.retry) : button('stop', false, strings.cancel),
  ].join('');
}
