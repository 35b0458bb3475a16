/**
 * `<ones-login>`: a drop-in login box for any page (plain HTML, React, Vue, Angular, Svelte). Importing
 * this entry defines the element; see {@link OnesLoginElement} for its attributes and events.
 *
 * @example
 * ```html
 * <script type="module" src="https://shop.example/assets/ones-widget.js"></script>
 * <ones-login mode="session" locale="de"></ones-login>
 * ```
 *
 * @module @ones.dev/common/widget
 */

import { OnesLoginElement } from './widget/ones-login-element.js';
import type { OnesLoginDetail } from './widget/widget-logins.js';
import type { OnesLoginErrorDetail, OnesLoginState } from './widget/widget-outcome.js';

export { OnesLoginElement } from './widget/ones-login-element.js';
export type { OnesLoginAttributes, OnesLoginEventHandlers } from './widget/widget-attributes.js';
export type { OnesLoginDetail } from './widget/widget-logins.js';
export type { OnesLoginErrorDetail, OnesLoginState } from './widget/widget-outcome.js';
export { loadOnesLoginStrings, ONES_LOGIN_STRINGS, type OnesLoginStrings } from './widget/widget-strings.js';

if (globalThis.customElements !== undefined && customElements.get('ones-login') === undefined) {
  customElements.define('ones-login', OnesLoginElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'ones-login': OnesLoginElement;
  }
  // typed listeners: `addEventListener('ones-login', (event) => event.detail.mode)`
  interface HTMLElementEventMap {
    'ones-login': CustomEvent<OnesLoginDetail>;
    'ones-error': CustomEvent<OnesLoginErrorDetail>;
    'ones-state': CustomEvent<{ readonly state: OnesLoginState }>;
    'ones-logout': CustomEvent<Record<string, never>>;
  }
}
