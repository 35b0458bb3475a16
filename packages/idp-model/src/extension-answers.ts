import { CONSENT_STATUS } from '@ones.dev/common';
import type { ConsentBook } from './consent-book.js';
import { findUser, type IdpUser } from './idp-user.js';
import type { QrLinkRefusal, QrSessionBook } from './qr-session-book.js';

/**
 * What a OnesID stand-in answers on one of the extension endpoints: the status and the JSON body.
 * dev-idp sends it over node:http, the MSW fake as a `Response`; both answer the same.
 *
 * @example
 * ```ts
 * import type { ExtensionAnswer } from '@ones.dev/idp-model';
 * const ok = (answer: ExtensionAnswer) => answer.status === 200;
 * ```
 */
export interface ExtensionAnswer {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

/** How to poll a CIBA request: the seconds it has left and the interval; `undefined` once it is gone. */
export type CibaPolling = (
  authReqId: string,
) => Promise<{ expires_in: number; interval: number } | undefined>;

const notFound = (what: string): ExtensionAnswer => ({
  status: 404,
  body: { error: 'not_found', error_description: `unknown or expired ${what}` },
});
const invalidRequest = (description: string): ExtensionAnswer => ({
  status: 400,
  body: { error: 'invalid_request', error_description: description },
});

/** `POST {host}/qr-auth/sessions` `{ originIp? }` → `{ sessionId, cbUrl, expIn, exp, interval, status }`. */
export function answerQrSessionCreate(book: QrSessionBook, host: string, body: unknown): ExtensionAnswer {
  const originIp = (body as { originIp?: unknown } | null | undefined)?.originIp;
  if (originIp !== undefined && typeof originIp !== 'string')
    return invalidRequest('originIp must be a string');
  const { sessionId, exp, status } = book.create(originIp);
  const cbUrl = `${host}/qr-auth/sessions/${sessionId}/callback`;
  return {
    status: 200,
    body: { sessionId, cbUrl, expIn: book.expiresInSeconds, exp, interval: book.intervalSeconds, status },
  };
}

/**
 * `GET {host}/qr-auth/sessions/{id}` → `{ sessionId, exp, status, loginHint?, authRequestId?,
 * expires_in?, interval? }` (the last two: the linked CIBA request's), or 404.
 */
export async function answerQrSessionStatus(
  book: QrSessionBook,
  sessionId: string,
  cibaPolling: CibaPolling,
): Promise<ExtensionAnswer> {
  const session = book.get(sessionId);
  if (session === undefined) return notFound('QR session');
  const { exp, status, scannedBy, authRequestId } = session;
  const polling = authRequestId === undefined ? undefined : await cibaPolling(authRequestId);
  return {
    status: 200,
    body: {
      sessionId,
      exp,
      status,
      ...(scannedBy ? { loginHint: { kind: 'sub', value: scannedBy.sub } } : {}),
      ...(authRequestId ? { authRequestId, ...polling } : {}),
    },
  };
}

/** `POST {cbUrl}` `{ loginHint: { kind, value } }`: what the phone app does after scanning. */
export function answerQrSessionCallback(
  book: QrSessionBook,
  users: readonly IdpUser[],
  sessionId: string,
  body: unknown,
): ExtensionAnswer {
  const hint = (body as { loginHint?: { kind?: unknown; value?: unknown } } | null | undefined)?.loginHint;
  if (typeof hint?.kind !== 'string' || typeof hint.value !== 'string')
    return invalidRequest('loginHint required');
  const user = findUser(users, { kind: hint.kind, value: hint.value });
  if (user === undefined) return { status: 400, body: { error: 'unknown_user_id' } };
  const outcome = book.scan(sessionId, user);
  if (outcome === 'unknown') return notFound('QR session');
  if (outcome === 'already_scanned') return { status: 409, body: { error: 'already_scanned' } };
  return { status: 200, body: { sessionId, status: 'scanned' } };
}

/**
 * What `bc-authorize` with a `qr_session_id` answers when the session refuses the link: 400
 * `invalid_request` saying why, or 409 `qr_session_already_linked` naming the linked login with its
 * `expires_in` and `interval`, so that a second backend process polls that login instead of
 * prompting the phone twice.
 */
export async function answerQrLinkRefusal(
  refusal: QrLinkRefusal,
  cibaPolling: CibaPolling,
): Promise<ExtensionAnswer> {
  if (refusal.kind === 'invalid') return invalidRequest(refusal.description);
  return {
    status: 409,
    body: {
      error: 'qr_session_already_linked',
      error_description: 'this QR session already has a CIBA request',
      auth_req_id: refusal.authRequestId,
      ...(await cibaPolling(refusal.authRequestId)),
    },
  };
}

/** `POST {host}/consent/requests` `{ subject, resource, content: [{ name }], reason }` → `{ id, status }`. */
export function answerConsentCreate(
  book: ConsentBook,
  users: readonly IdpUser[],
  body: unknown,
): ExtensionAnswer {
  const created = book.create(body, users);
  if ('invalid' in created) return invalidRequest(created.invalid);
  if ('unknownSubject' in created) return { status: 404, body: { error: 'unknown_subject' } };
  return { status: 200, body: { id: created.id, status: created.status } };
}

/** `GET {host}/consent/requests/{id}` → `{ id, status, content: [{ name, value? }] }`: values once approved. */
export function answerConsentStatus(book: ConsentBook, id: string): ExtensionAnswer {
  const request = book.get(id);
  if (request === undefined) return notFound('consent request');
  const approved = request.status === CONSENT_STATUS.APPROVED;
  const content = request.names.map((name) => {
    const value = approved ? request.released[name] : undefined;
    return value === undefined ? { name } : { name, value };
  });
  return { status: 200, body: { id, status: request.status, content } };
}
