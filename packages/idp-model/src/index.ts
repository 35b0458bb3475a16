/**
 * The model of a OnesID identity provider's own endpoints that both stand-ins share, `@ones.dev/dev-idp`
 * (a real OpenID provider) and `@ones.dev/testing` (MSW): users, QR login sessions, consent requests,
 * the wire answers of those endpoints with their rules and limits, and the scenario controls a test
 * drives them with. Not for SPAs or backends: your code talks to these endpoints through
 * `DeviceAuthentication`.
 *
 * @module @ones.dev/idp-model
 */

export type { BookControls } from './book-controls.js';
export { bookControls } from './book-controls.js';
export type { ConsentValues, IdpConsentRequest } from './consent-book.js';
export { ConsentBook } from './consent-book.js';
export type { CibaPolling, ExtensionAnswer } from './extension-answers.js';
export {
  answerConsentCreate,
  answerConsentStatus,
  answerQrLinkRefusal,
  answerQrSessionCallback,
  answerQrSessionCreate,
  answerQrSessionStatus,
} from './extension-answers.js';
export type { IdpScenarioControls } from './idp-scenario-controls.js';
export type { IdpUser } from './idp-user.js';
export { DEMO_USERS, findUser, loginHintOfToken } from './idp-user.js';
export type { IdpQrSession, QrLinkRefusal, QrLinkReservation } from './qr-session-book.js';
export { QrSessionBook } from './qr-session-book.js';
