import { countdownText } from './widget-dom.js';
import { secondsLeft, type View } from './widget-panel.js';

/** A scanned QR login keeps its countdown, but leaves the user at least this long to approve. */
const AFTER_SCAN_MS = 60_000;
/** After this long without an answer to a username login, a note suggests checking the name. */
export const CHECK_USERNAME_AFTER_MS = 20_000;

/**
 * What the widget shows once the phone was asked: the login's code and countdown. After a scan the
 * QR code's countdown goes on (it never jumps back to the login's whole time), with at least a
 * minute left to approve, and never past the login's own end. `startedAt` is when the user asked;
 * the progress bar's whole runs from there.
 *
 * @example
 * show('waiting', startedView({}, { loginCode: '4JY7', expiresIn: 120 }, false, Date.now()));
 */
export function startedView(
  current: View,
  login: { readonly loginCode: string; readonly expiresIn: number },
  scanned: boolean,
  startedAt: number,
): View {
  const ends = Date.now() + login.expiresIn * 1000;
  const deadline = scanned
    ? Math.min(ends, Math.max(current.deadline ?? 0, Date.now() + AFTER_SCAN_MS))
    : ends;
  return {
    message: scanned ? 'scanned' : 'approve',
    code: login.loginCode,
    deadline,
    total: scanned ? (current.total ?? deadline - startedAt) : deadline - startedAt,
  };
}

/**
 * The countdown's text and its bar in `root`, as of now.
 *
 * @example
 * setInterval(() => showTimeLeft(root, deadline), 1000);
 */
export function showTimeLeft(root: ShadowRoot | undefined, deadline: number): void {
  const timer = root?.querySelector('[role=timer]');
  if (timer) timer.textContent = countdownText(deadline);
  const bar = root?.querySelector('progress');
  if (bar) bar.value = secondsLeft(deadline);
}
