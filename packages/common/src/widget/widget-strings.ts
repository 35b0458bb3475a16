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
};

const de: OnesLoginStrings = {
  title: 'Mit OnesID anmelden',
  tabUsername: 'Benutzername',
  tabQr: 'QR-Code',
  usernameLabel: 'OnesID-Benutzername',
  submit: 'Anmelden',
  showQr: 'QR-Code anzeigen',
  starting: 'Einen Moment…',
  approve: 'Bestätigen Sie die Anmeldung in der OnesID-App auf Ihrem Telefon.',
  scan: 'Scannen Sie den QR-Code mit der OnesID-App.',
  scanned: 'Gescannt. Bestätigen Sie die Anmeldung in der OnesID-App.',
  qrAlt: 'QR-Code zur Anmeldung mit der OnesID-App auf Ihrem Telefon.',
  code: 'Code',
  timeLeft: 'Verbleibende Zeit',
  cancel: 'Abbrechen',
  retry: 'Erneut versuchen',
  loggedIn: 'Angemeldet.',
  loggedInAs: 'Angemeldet als {name}.',
  denied: 'Sie haben die Anmeldung auf Ihrem Telefon abgelehnt.',
  expired: 'Die Anmeldung ist abgelaufen, bevor sie bestätigt wurde.',
  networkError: 'Der Anmeldedienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung.',
  unknownUser: 'Es gibt keinen OnesID-Benutzer mit diesem Namen.',
  tooMany: 'Zu viele Anmeldeversuche. Bitte warten Sie eine Minute.',
  failed: 'Die Anmeldung hat nicht geklappt.',
};

/**
 * The built-in languages of `<ones-login>`, by `locale` attribute value.
 *
 * @example
 * ```ts
 * import { ONES_LOGIN_STRINGS } from '@ones.dev/common/widget';
 *
 * console.log(ONES_LOGIN_STRINGS.de.submit); // "Anmelden"
 * ```
 */
export const ONES_LOGIN_STRINGS: { readonly en: OnesLoginStrings; readonly de: OnesLoginStrings } = {
  en,
  de,
};

/** The strings for `locale` (`de`, `de-AT`, … are German; everything else English). */
export function stringsFor(locale: string | null | undefined): OnesLoginStrings {
  return /^de\b/i.test(locale ?? '') ? de : en;
}
