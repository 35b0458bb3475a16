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
