import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  answerConsentCreate,
  answerConsentStatus,
  answerQrSessionCallback,
  answerQrSessionCreate,
  answerQrSessionStatus,
  type CibaPolling,
  type ConsentBook,
  type ExtensionAnswer,
  type IdpUser,
  type QrSessionBook,
} from '@ones.dev/idp-model';
import { readJson, sendJson } from '../http/json-io.js';

/** What the OnesID extension routes work with. */
export interface ExtensionRouteContext {
  /** The IdP base URL, for `cbUrl`. */
  readonly baseUrl: string;
  readonly users: readonly IdpUser[];
  readonly qrSessions: QrSessionBook;
  readonly consentRequests: ConsentBook;
  /** Whether an `Authorization` header carries a live device access token. */
  isDeviceToken(authorization: string | undefined): Promise<boolean>;
  /** How to poll a CIBA request linked to a QR session. */
  readonly cibaPolling: CibaPolling;
  /** Withdraws a waiting CIBA login of this device; false when there is none. */
  cancelLogin(authReqId: string): Promise<boolean>;
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
 * Answers the OnesID extensions (QR sessions, the phone's callback, consent, withdrawing a CIBA login) by the model the MSW
 * fake shares (`@ones.dev/idp-model`), as the wire tables in docs/qr-login.md and
 * docs/consent.md say. Returns false when the request is not one of them.
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
    (path === '/ciba/cancel' && method === 'POST') ||
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
  const answer = await answerFor(context, request, {
    path,
    id: id ?? '',
    isQr: qrMatch !== null,
    isCallback,
  });
  sendJson(response, answer.status, answer.body);
  return true;
}

/** The model's answer for one extension request. */
async function answerFor(
  context: ExtensionRouteContext,
  request: IncomingMessage,
  route: { readonly path: string; readonly id: string; readonly isQr: boolean; readonly isCallback: boolean },
): Promise<ExtensionAnswer> {
  const { qrSessions, consentRequests, users } = context;
  if (route.path === '/qr-auth/sessions')
    return answerQrSessionCreate(qrSessions, context.baseUrl, await readJson(request));
  if (route.isCallback) return answerQrSessionCallback(qrSessions, users, route.id, await readJson(request));
  if (route.isQr) return answerQrSessionStatus(qrSessions, route.id, context.cibaPolling);
  if (route.path === '/ciba/cancel') return answerCibaCancel(context, await readJson(request));
  if (route.path === '/consent/requests')
    return answerConsentCreate(consentRequests, users, await readJson(request));
  return answerConsentStatus(consentRequests, route.id);
}

/** `POST /ciba/cancel` `{ auth_req_id }` → `{ cancelled }`: whether a waiting login left the phone. */
async function answerCibaCancel(context: ExtensionRouteContext, body: unknown): Promise<ExtensionAnswer> {
  const { auth_req_id: id } = (body ?? {}) as { auth_req_id?: unknown };
  if (typeof id !== 'string' || id === '')
    return { status: 400, body: { error: 'invalid_request', error_description: 'auth_req_id is required' } };
  return { status: 200, body: { cancelled: await context.cancelLogin(id) } };
}
