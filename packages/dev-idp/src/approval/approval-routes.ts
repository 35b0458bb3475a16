import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConsentRequests } from '../extensions/consent-requests.js';
import type { QrSessions } from '../extensions/qr-sessions.js';
import { readBody, sendJson } from '../http/json-io.js';
import type { CibaPrompt } from '../oidc/provider-configuration.js';
import type { DevIdpUser } from '../users.js';
import { APPROVAL_PAGE_HEADERS, renderApprovalPage } from './approval-page.js';

/** What the approval page (the phone) can see and do. */
export interface ApprovalRouteContext {
  readonly users: readonly DevIdpUser[];
  logins(): CibaPrompt[];
  readonly qr: QrSessions;
  readonly consent: ConsentRequests;
  decideLogin(approve: boolean, authReqId: string): Promise<void>;
  scanQrSession(sessionId: string, username: string): void;
}

const ACTION = /^\/approve\/(ciba|qr|consent)\/([^/]+)\/(approve|deny|scan)$/;

/**
 * `GET /approve` shows the page; `POST /approve/{ciba|qr|consent}/{id}/{approve|deny|scan}` acts and
 * redirects back (303). Every answer carries {@link APPROVAL_PAGE_HEADERS}. Returns false when the
 * request is not for the page.
 */
export async function routeApprovalRequest(
  context: ApprovalRouteContext,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
  method: string,
): Promise<boolean> {
  if (path === '/approve' && method === 'GET') {
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...APPROVAL_PAGE_HEADERS,
    });
    response.end(
      renderApprovalPage({
        logins: context.logins(),
        qrSessions: context.qr.list(),
        consents: context.consent.list(),
        users: context.users,
      }),
    );
    return true;
  }
  const action = ACTION.exec(path);
  if (action === null || method !== 'POST') return false;
  const [, kind, rawId, verb] = action;
  const form = new URLSearchParams(await readBody(request));
  try {
    const id = decodeURIComponent(rawId ?? '');
    if (kind === 'ciba') await context.decideLogin(verb === 'approve', id);
    else if (kind === 'qr') context.scanQrSession(id, form.get('username') ?? '');
    else context.consent.decide(id, verb === 'approve');
  } catch (error) {
    const problem = { error: 'not_possible', error_description: (error as Error).message };
    sendJson(response, 409, problem, APPROVAL_PAGE_HEADERS);
    return true;
  }
  response.writeHead(303, { location: '/approve', ...APPROVAL_PAGE_HEADERS });
  response.end();
  return true;
}
