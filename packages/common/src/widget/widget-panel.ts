import { countdownText, escapeHtml as html, isFailure } from './widget-dom.js';
import type { OnesLoginState } from './widget-outcome.js';
import { widgetQrSvg } from './widget-qr.js';
import type { OnesLoginStrings } from './widget-strings.js';

/** The widget's tabs. */
export type Tab = 'username' | 'qr';

/**
 * What the widget shows besides its state: the status line (a key of the strings, looked up at each
 * render so a `locale` change mid-login changes it too; `name` fills `{name}`), the login's code,
 * deadline and the time it started with, the QR text, a note in small print (a key of the strings),
 * the kit's development hint, and whether the username broke the rule.
 */
export interface View {
  readonly message?: keyof OnesLoginStrings;
  readonly name?: string;
  readonly code?: string;
  readonly deadline?: number;
  /** Milliseconds the countdown started with: the progress bar's whole. */
  readonly total?: number;
  readonly qr?: string;
  readonly note?: keyof OnesLoginStrings;
  readonly hint?: string;
  readonly invalid?: boolean;
}

/** Everything a panel depends on. */
export interface PanelModel {
  readonly state: OnesLoginState;
  readonly tab: Tab;
  readonly view: View;
  readonly strings: OnesLoginStrings;
  readonly username: string;
  /** The `app-link` attribute: a link template where `{qr}` is the QR code's content. */
  readonly appLink: string | null;
}

/**
 * The link that opens the OnesID app with this QR code on the phone the page is on: the template
 * with `{qr}` replaced by the code's content, URL-encoded. A template that would run script (a
 * `javascript:`, `data:` or `vbscript:` link) gives none.
 */
export function appLinkFor(template: string | null, qr: string): string | undefined {
  if (template === null || /^\s*(javascript|data|vbscript):/i.test(template)) return undefined;
  return template.replaceAll('{qr}', encodeURIComponent(qr));
}

/** The seconds left until `deadline`, for the progress bar (never below 0). */
export function secondsLeft(deadline: number): number {
  return Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
}

/**
 * The panel's HTML for a state: the username form or "Show QR code" when idle; "Sign out" when
 * logged in; else the QR code (and the app link), the login's code, the countdown and its progress
 * bar, a note, the kit's hint, and Cancel or Try again (`data-action` says which; `data-focus` marks
 * where the focus goes). Every text is escaped.
 */
export function panelHtml(now: PanelModel): string {
  const { state, strings } = now;
  const { code, deadline, total, qr, note, hint, invalid } = now.view;
  const button = (action: string, primary: boolean, label: string) =>
    `<button type="button" class="${primary ? 'primary' : 'secondary'}" part="button" data-action="${action}" data-focus>${html(label)}</button>`;
  if (state === 'approved') return button('signout', false, strings.signOut);
  if (state === 'idle' && now.tab === 'qr') return button('start', true, strings.showQr);
  if (state === 'idle') {
    return `<form part="form" novalidate><label for="username">${html(strings.usernameLabel)}</label><input id="username" name="username" autocomplete="username" required aria-describedby="status"${invalid === true ? ' aria-invalid="true"' : ''} part="input" data-focus value="${html(now.username)}"><button class="primary" part="button">${html(strings.submit)}</button></form>`;
  }
  const link = qr === undefined ? undefined : appLinkFor(now.appLink, qr);
  // after an unknown username, the form comes back to fix it; any other failure asks again
  const again = state === 'unknown-user' ? 'stop' : 'retry';
  return [
    qr !== undefined && state === 'waiting'
      ? `<div class="qr" part="qr">${widgetQrSvg(qr, strings.qrAlt)}</div>${link === undefined ? '' : `<a class="app" part="app-link" href="${html(link)}">${html(strings.openApp)}</a>`}`
      : '',
    code === undefined
      ? ''
      : `<p aria-hidden="true">${html(strings.code)} <span class="code" part="code">${html(code)}</span></p>`,
    deadline === undefined || isFailure(state)
      ? ''
      : `<p class="muted">${html(strings.timeLeft)} <span role="timer" part="countdown">${countdownText(deadline)}</span></p><progress part="progress" aria-hidden="true" max="${Math.ceil((total ?? 0) / 1000)}" value="${secondsLeft(deadline)}"></progress>`,
    note === undefined ? '' : `<p class="small" part="note">${html(strings[note])}</p>`,
    hint === undefined ? '' : `<p class="small" part="hint">${html(hint)}</p>`,
    isFailure(state) ? button(again, true, strings.retry) : button('stop', false, strings.cancel),
  ].join('');
}
