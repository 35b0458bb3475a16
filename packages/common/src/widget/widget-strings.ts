/**
 * Every text `<ones-login>` shows or announces. `{name}` in `loggedInAs` is the user's name.
 *
 * @example
 * ```ts
 * import { ONES_LOGIN_STRINGS } from '@ones.dev/common/widget';
 *
 * const widget = document.querySelector('ones-login');
 * // another wording, or a whole other language
 * if (widget) widget.strings = { ...ONES_LOGIN_STRINGS.en, submit: 'Sign in' };
 * ```
 */
export interface OnesLoginStrings {
  readonly title: string;
  readonly tabUsername: string;
  readonly tabQr: string;
  readonly usernameLabel: string;
  readonly submit: string;
  readonly showQr: string;
  readonly starting: string;
  readonly approve: string;
  readonly scan: string;
  readonly scanned: string;
  readonly qrAlt: string;
  readonly code: string;
  readonly timeLeft: string;
  readonly cancel: string;
  readonly retry: string;
  readonly loggedIn: string;
  readonly loggedInAs: string;
  readonly denied: string;
  readonly expired: string;
  readonly networkError: string;
  readonly unknownUser: string;
  readonly tooMany: string;
  readonly failed: string;
  readonly signOut: string;
  readonly signOutFailed: string;
  readonly usernameMissing: string;
  readonly usernameInvalid: string;
  readonly checkUsername: string;
  readonly qrPaused: string;
  readonly openApp: string;
  readonly serviceDown: string;
  readonly setupError: string;
}

const en: OnesLoginStrings = {
  title: 'Log in with OnesID',
  tabUsername: 'Username',
  tabQr: 'QR code',
  usernameLabel: 'OnesID username',
  submit: 'Log in',
  showQr: 'Show QR code',
  starting: 'One moment…',
  approve: 'Approve the login in the OnesID app on your phone.',
  scan: 'Scan the QR code with the OnesID app.',
  scanned: 'Scanned. Approve the login in the OnesID app.',
  qrAlt: 'QR code to log in with the OnesID app on your phone.',
  code: 'Code',
  timeLeft: 'Time left',
  cancel: 'Cancel',
  retry: 'Try again',
  loggedIn: 'Logged in.',
  loggedInAs: 'Logged in as {name}.',
  denied: 'You declined the login on your phone.',
  expired: 'The login expired before it was approved.',
  networkError: 'The login service cannot be reached. Check your connection.',
  unknownUser: 'No OnesID user has that username.',
  tooMany: 'Too many login attempts. Please wait a minute.',
  failed: 'The login did not work.',
  signOut: 'Sign out',
  signOutFailed: 'Signing out did not work.',
  usernameMissing: 'Enter your OnesID username.',
  usernameInvalid: 'Use only letters, digits and . _ - @ +.',
  checkUsername: 'No request on your phone? Check the username.',
  qrPaused: 'The QR code expired.',
  openApp: 'Open the OnesID app',
  serviceDown: 'The login service has a problem. Try again soon.',
  setupError: "This site's login is not set up for this page.",
};

/**
 * `<ones-login>`'s built-in English, the language it shows until another is loaded.
 *
 * @example
 * ```ts
 * import { ONES_LOGIN_STRINGS } from '@ones.dev/common/widget';
 *
 * console.log(ONES_LOGIN_STRINGS.en.submit); // "Log in"
 * ```
 */
export const ONES_LOGIN_STRINGS: { readonly en: OnesLoginStrings } = { en };

/** The built-in language for `locale`: `de` for German (`de`, `de-AT`, …), else `en`. */
export function languageOf(locale: string | null | undefined): 'de' | 'en' {
  return /^de\b/i.test(locale ?? '') ? 'de' : 'en';
}

/**
 * The built-in strings for `locale` (`de`, `de-AT`, … are German; everything else English). Other
 * languages than English are loaded on first use, each as a file of its own.
 *
 * @example
 * ```ts
 * import { loadOnesLoginStrings } from '@ones.dev/common/widget';
 *
 * const strings = await loadOnesLoginStrings(navigator.language);
 * ```
 */
export async function loadOnesLoginStrings(locale: string | null | undefined): Promise<OnesLoginStrings> {
  if (languageOf(locale) === 'en') return en;
  const { de } = await import('./locales/de.js');
  return Object.fromEntries(
    Object.keys(en).map((name, index) => [name, de[index]]),
  ) as unknown as OnesLoginStrings;
}
