import type { IncomingMessage, ServerResponse } from 'node:http';
import { readJson, sendJson } from '../http/json-io.js';
import { type DevIdpUser, findUser } from '../users.js';
import { ConsentRequests } from './consent-requests.js';
import type { QrSessions } from './qr-sessions.js';

/** What the OnesID extension routes work with. */
export interface ExtensionRouteContext {
  /** The IdP base URL, for `cbUrl`. */
  readonly baseUrl: string;
  readonly users: readonly DevIdpUser[];
  readonly qr: QrSessions;
  readonly consent: ConsentRequests;
  /** Whether an `Authorization` header carries a live device access token. */
  isDeviceToken(authorization: string | undefined): Promise<boolean>;
  /** How to poll a CIBA request: the seconds it has left and the interval; `undefined` once it is gone. */
  cibaPolling(authReqId: string): Promise<{ expires_in: number; interval: number } | undefined>;
}

const QR_SESSION = /^\/qr-auth\/sessions\/([^/]+)(\/callback)?$/;
const CONSENT_REQUEST = /^\/consent\/requests\/([^/]+)$/;

/** A path segment, decoded; `undefined` when its %-escapes are broken. */
function segment(raw: string | undefined): string | undefined {
  try {
    return decodeURIComponent(raw ?? '');
  } catch {
    return undefined;
  }
}

/**
 * Answers the OnesID extensions (QR sessions, the phone's callback, consent) as the wire table in
 * docs/qr-login.md and docs/consent.md say. Returns false when the request is not one of them.
 */
export async function routeExtensionRequest(
  context: ExtensionRouteContext,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  method: string,
): Promise<boolean> {
  const qrMatch = QR_SESSION.exec(path);
  const consentMatch = CONSENT_REQUEST.exec(path);
  const isCallback = qrMatch?.[2] !== undefined;
  const known =
    (path === '/qr-auth/sessions' && method === 'POST') ||
    (qrMatch !== null && ((isCallback && method === 'POST') || (!isCallback && method === 'GET'))) ||
    (path === '/consent/requests' && method === 'POST') ||
    (consentMatch !== null && method === 'GET');
  if (!known) return false;
  const id = segment(qrMatch?.[1] ?? consentMatch?.[1]);
  if ((qrMatch || consentMatch) && id === undefined) {
    sendJson(response, 400, { error: 'invalid_request', error_description: 'malformed id in the path' });
    return true;
  }
  // Everything but the phone's callback needs the device access token.
  if (!isCallback && !(await context.isDeviceToken(request.headers.authorization))) {
    sendJson(
      response,
      401,
      { error: 'invalid_token', error_description: 'a device access token is required' },
      {
        'www-authenticate': 'Bearer error="invalid_token"',
      },
    );
    return true;
  }
  const { qr, consent, users } = context;
  if (path === '/qr-auth/sessions') {
    const body = (await readJson(request)) as { originIp?: unknown } | undefined;
    if (body?.originIp !== undefined && typeof body.originIp !== 'string') {
      sendJson(response, 400, { error: 'invalid_request', error_description: 'originIp must be a string' });
      return true;
    }
    const session = qr.create(body?.originIp as string | undefined);
    sendJson(response, 200, {
      sessionId: session.sessionId,
      cbUrl: `${context.baseUrl}/qr-auth/sessions/${session.sessionId}/callback`,
      expIn: qr.expiresInSeconds,
      exp: session.exp,
      interval: qr.intervalSeconds,
    });
    return true;
  }
  if (qrMatch && !isCallback) {
    const session = qr.get(id ?? '');
    if (session === undefined) {
      sendJson(response, 404, { error: 'not_found', error_description: 'unknown or expired QR session' });
      return true;
    }
    sendJson(response, 200, {
      sessionId: session.sessionId,
      exp: session.exp,
      status: session.status,
      ...(session.scannedBy ? { loginHint: { kind: 'sub', value: session.scannedBy.sub } } : {}),
      ...(session.authRequestId
        ? { authRequestId: session.authRequestId, ...(await context.cibaPolling(session.authRequestId)) }
        : {}),
    });
    return true;
  }
  if (qrMatch) {
    const hint = (
      (await readJson(request)) as { loginHint?: { kind?: unknown; value?: unknown } } | undefined
    )?.loginHint;
    const user =
      typeof hint?.kind === 'string' && typeof hint.value === 'string'
        ? findUser(users, { kind: hint.kind, value: hint.value })
        : undefined;
    if (user === undefined) {
      sendJson(response, 400, { error: 'unknown_user_id' });
      return true;
    }
    const outcome = qr.scan(id ?? '', user);
    if (outcome === 'scanned') sendJson(response, 200, { status: 'scanned' });
    else sendJson(response, outcome === 'unknown' ? 404 : 409, { error: outcome });
    return true;
  }
  if (path === '/consent/requests') {
    const created = consent.create(await readJson(request), users);
    if ('invalid' in created)
      sendJson(response, 400, { error: 'invalid_request', error_description: created.invalid });
    else if ('unknownSubject' in created) sendJson(response, 404, { error: 'unknown_subject' });
    else sendJson(response, 200, { id: created.id, status: created.status });
    return true;
  }
  const found = consent.get(id ?? '');
  if (found === undefined)
    sendJson(response, 404, { error: 'not_found', error_description: 'unknown consent request' });
  else sendJson(response, 200, ConsentRequests.wire(found));
  return true;
}
