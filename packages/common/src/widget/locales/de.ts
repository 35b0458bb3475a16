/**
 * `<ones-login>` in German, its strings in the order of `OnesLoginStrings` (the names would double
 * this file): loaded only when its `locale` (or the page's `lang`) is `de` or a region of it, so
 * pages in English never download it. Read it through `loadOnesLoginStrings('de')`.
 *
 * @example
 * ```ts
 * import { loadOnesLoginStrings } from '@ones.dev/common/widget';
 *
 * const de = await loadOnesLoginStrings('de');
 * console.log(de.submit); // "Anmelden"
 * ```
 */
export const de: readonly string[] = [
  'Mit OnesID anmelden', // title
  'Benutzername', // tabUsername
  'QR-Code', // tabQr
  'OnesID-Benutzername', // usernameLabel
  'Anmelden', // submit
  'QR-Code anzeigen', // showQr
  'Moment…', // starting
  'Anmeldung in der OnesID-App bestätigen.', // approve
  'QR-Code mit der App scannen.', // scan
  'Gescannt. In der App bestätigen.', // scanned
  'QR-Code zum Anmelden mit der App', // qrAlt
  'Code', // code
  'Restzeit', // timeLeft
  'Abbrechen', // cancel
  'Wiederholen', // retry
  'Angemeldet.', // loggedIn
  'Angemeldet als {name}.', // loggedInAs
  'Anmeldung abgelehnt.', // denied
  'Anmeldung abgelaufen.', // expired
  'Anmeldedienst nicht erreichbar.', // networkError
  'Unbekannter Benutzer.', // unknownUser
  'Zu viele Versuche. Eine Minute warten.', // tooMany
  'Anmeldung fehlgeschlagen.', // failed
  'Abmelden', // signOut
  'Abmelden fehlgeschlagen.', // signOutFailed
  'Benutzernamen eingeben.', // usernameMissing
  'Nur Buchstaben, Ziffern, . _ - @ +', // usernameInvalid
  'Keine Anfrage? Namen prüfen.', // checkUsername
  'QR-Code abgelaufen.', // qrPaused
  'OnesID-App öffnen', // openApp
  'Anmeldedienst gestört.', // serviceDown
  'Anmeldung hier nicht eingerichtet.', // setupError
];
