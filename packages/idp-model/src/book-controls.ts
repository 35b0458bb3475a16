import type { ConsentBook } from './consent-book.js';
import type { IdpScenarioControls } from './idp-scenario-controls.js';
import { findUser, type IdpUser } from './idp-user.js';
import type { QrSessionBook } from './qr-session-book.js';

/** The scenario controls that act on QR sessions and consent requests. */
export type BookControls = Pick<
  IdpScenarioControls,
  'scanQrSession' | 'expireQrSession' | 'approveConsent' | 'denyConsent' | 'expireConsent'
>;

/**
 * The QR and consent controls of a OnesID stand-in, over its books, so dev-idp and the MSW fake pick
 * "the latest" and refuse the impossible the same way (an `Error` naming what is missing).
 *
 * @param books - the users and the stand-in's QR sessions and consent requests
 * @returns the controls
 * @example
 * ```ts
 * import { bookControls, ConsentBook, DEMO_USERS, QrSessionBook } from '@ones.dev/idp-model';
 * const qrSessions = new QrSessionBook({ expiresInSeconds: 120, intervalSeconds: 2 });
 * const controls = bookControls({ users: DEMO_USERS, qrSessions, consentRequests: new ConsentBook({ ttlSeconds: 300 }) });
 * qrSessions.create('127.0.0.1');
 * controls.scanQrSession({ username: 'alice' });
 * ```
 */
export function bookControls(books: {
  readonly users: readonly IdpUser[];
  readonly qrSessions: QrSessionBook;
  readonly consentRequests: ConsentBook;
}): BookControls {
  const { users, qrSessions, consentRequests } = books;
  const qrSession = (sessionId: string | undefined, action: string) => {
    const session = sessionId === undefined ? qrSessions.list().at(-1) : qrSessions.get(sessionId);
    if (session === undefined) throw new Error(`no live QR session ${sessionId ?? '(latest)'} to ${action}`);
    return session.sessionId;
  };
  const consentRequest = (id: string | undefined) => {
    const request = id === undefined ? consentRequests.list().at(-1) : consentRequests.get(id);
    if (request === undefined) throw new Error(`no consent request ${id ?? '(latest)'}`);
    return request.id;
  };
  return {
    scanQrSession: ({ username, sessionId }) => {
      const id = qrSession(sessionId, 'scan');
      const user = findUser(users, { kind: 'username', value: username });
      if (user === undefined) throw new Error(`no user ${username}`);
      const outcome = qrSessions.scan(id, user);
      if (outcome !== 'scanned') throw new Error(`cannot scan QR session ${id}: ${outcome}`);
    },
    expireQrSession: ({ sessionId } = {}) => void qrSessions.delete(qrSession(sessionId, 'expire')),
    approveConsent: ({ id, values } = {}) =>
      void consentRequests.decide(consentRequest(id), 'approved', values),
    denyConsent: ({ id } = {}) => void consentRequests.decide(consentRequest(id), 'denied'),
    expireConsent: ({ id } = {}) => void consentRequests.decide(consentRequest(id), 'expired'),
  };
}
