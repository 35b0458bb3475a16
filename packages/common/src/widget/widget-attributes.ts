import type { OnesLoginDetail } from './widget-logins.js';
import type { OnesLoginErrorDetail, OnesLoginState } from './widget-outcome.js';

/**
 * The attributes of `<ones-login>`, for the framework typings (`@ones.dev/common/widget/react`).
 *
 * @example
 * ```ts
 * import type { OnesLoginAttributes } from '@ones.dev/common/widget';
 * const attributes: OnesLoginAttributes = { locale: 'de', tabs: 'username qr', 'app-link': 'onesid://login?qr={qr}' };
 * ```
 */
export interface OnesLoginAttributes {
  readonly host?: string;
  readonly 'base-path'?: string;
  readonly mode?: 'session' | 'tokens';
  readonly tabs?: string;
  readonly locale?: string;
  readonly theme?: 'light' | 'dark';
  readonly 'app-link'?: string;
  readonly 'show-app-link'?: boolean | '';
}

/**
 * Its events as listener properties, `on` + the event's name (as React 19 names them).
 *
 * @example
 * ```ts
 * import type { OnesLoginEventHandlers } from '@ones.dev/common/widget';
 * const handlers: OnesLoginEventHandlers = { 'onones-login': (event) => console.log(event.detail.mode) };
 * ```
 */
export interface OnesLoginEventHandlers {
  readonly 'onones-login'?: (event: CustomEvent<OnesLoginDetail>) => void;
  readonly 'onones-logout'?: (event: CustomEvent<Record<string, never>>) => void;
  readonly 'onones-error'?: (event: CustomEvent<OnesLoginErrorDetail>) => void;
  readonly 'onones-state'?: (event: CustomEvent<{ readonly state: OnesLoginState }>) => void;
}
