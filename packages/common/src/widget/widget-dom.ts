import type { OnesLoginState } from './widget-outcome.js';

/** `text` safe inside HTML text and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** `m:ss` until `deadline` (milliseconds since the epoch), never below 0:00. */
export function countdownText(deadline: number): string {
  const seconds = Math.max(0, Math.ceil((deadline - Date.now()) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** Whether `state` is a login that ended without one (a retry is offered). */
export function isFailure(state: OnesLoginState): boolean {
  return state !== 'idle' && state !== 'waiting' && state !== 'scanned' && state !== 'approved';
}

/**
 * Tabs with manual activation (WAI-ARIA APG): arrow keys, Home and End move the focus among the
 * tabs in `root`; Enter or Space selects one (a click). Selecting the QR tab starts a login, which
 * costs the server a QR session and counts against the rate limits: it must not happen on the way
 * past.
 */
export function moveAmongTabs(root: ShadowRoot, event: KeyboardEvent): void {
  const buttons = [...root.querySelectorAll<HTMLElement>('[role=tab]')];
  const at = buttons.indexOf(event.target as HTMLElement);
  const count = buttons.length;
  const next = { ArrowRight: at + 1, ArrowLeft: at - 1 + count, Home: 0, End: count - 1 }[event.key];
  if (at < 0 || next === undefined) return;
  event.preventDefault();
  const button = buttons[next % count] as HTMLElement;
  for (const other of buttons) other.tabIndex = other === button ? 0 : -1;
  button.focus();
}
