/**
 * The model of a OnesID identity provider's own endpoints that both stand-ins share, `@ones.dev/dev-idp`
 * (a real OpenID provider) and `@ones.dev/testing` (MSW): users, QR login sessions, consent requests,
 * the wire answers of those endpoints with their rules and limits, and the scenario controls a test
 * drives them with. Not for SPAs or backends: your code talks to these endpoints through
 * `DeviceAuthentication`.
 *
 * @module @ones.dev/common/idp-model
 */

export type { BookControls } from './idp-model/book-controls.js';
export { bookControls } from './idp-model/book-controls.js';
export type { ConsentValues, IdpConsentRequest } from './idp-model/consent-book.js';
export { ConsentBook } from './idp-model/consent-book.js';
export type { CibaPolling, ExtensionAnswer } from './idp-model/extension-answers.js';
export {
  answerConsentCreate,
  answerConsentStatus,
  answerQrLinkRefusal,
  answerQrSessionCallback,
  answerQrSessionCreate,
  answerQrSessionStatus,
} from './idp-model/extension-answers.js';
export type { IdpScenarioControls } from './idp-model/idp-scenario-controls.js';
export type { IdpUser } from './idp-model/idp-user.js';
export { DEMO_USERS, findUser, loginHintOfToken } from './idp-model/idp-user.js';
export type { IdpQrSession, QrLinkRefusal, QrLinkReservation } from './idp-model/qr-session-book.js';
export { QrSessionBook } from './idp-model/qr-session-book.js';
