import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IdpConsentRequest, IdpQrSession, IdpScenarioControls, IdpUser } from '@ones.dev/idp-model';
import { readBody, sendJson } from '../http/json-io.js';
import type { CibaPrompt } from '../oidc/provider-configuration.js';
import { APPROVAL_PAGE_HEADERS, renderApprovalPage } from './approval-page.js';

/** What the approval page (the phone) can see, and the controls it acts with, as a test does. */
export interface ApprovalRouteContext {
  readonly users: readonly IdpUser[];
  logins(): CibaPrompt[];
  qrSessions(): IdpQrSession[];
  consentRequests(): IdpConsentRequest[];
  readonly controls: IdpScenarioControls;
}

/** The session id in an app link's `qr` (the QR code's JSON content); `undefined` when it names none. */
function linkedSessionOf(url: string): string | undefined {
  try {
    const content: unknown = JSON.parse(new URL(url, 'http://dev-idp').searchParams.get('qr') ?? '');
    const { sessionId } = (content ?? {}) as { sessionId?: unknown };
    return typeof sessionId === 'string' ? sessionId : undefined;
  } catch {
    return undefined;
  }
}

const ACTION = /^\/approve\/(ciba|qr|consent)\/([^/]+)\/(approve|deny|scan)$/;

/**
 * `GET /approve` shows the page (`GET /approve/app?qr=…`, what a login box's app link opens: only
 * that QR code's session to scan); `POST /approve/{ciba|qr|consent}/{id}/{approve|deny|scan}` acts and
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
  if ((path === '/approve' || path === '/approve/app') && method === 'GET') {
    // `/approve/app?qr=<the QR code's content>`: what a login box's app link opens (its `app-link`
    // template is `{approvalUrl}/app?qr={qr}`), as the OnesID app would on the phone the page is on
    const linkedSession = path === '/approve/app' ? linkedSessionOf(request.url ?? '') : undefined;
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...APPROVAL_PAGE_HEADERS,
    });
    response.end(
      renderApprovalPage({
        logins: context.logins(),
        qrSessions: context.qrSessions(),
        consents: context.consentRequests(),
        users: context.users,
        ...(path === '/approve/app' ? { linkedSession: linkedSession ?? '' } : {}),
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
    const { controls } = context;
    if (kind === 'ciba' && verb === 'approve') await controls.approveLogin({ authReqId: id });
    else if (kind === 'ciba') await controls.denyLogin({ authReqId: id });
    else if (kind === 'qr') controls.scanQrSession({ sessionId: id, username: form.get('username') ?? '' });
    else if (verb === 'approve') controls.approveConsent({ id });
    else controls.denyConsent({ id });
  } catch (error) {
    const problem = { error: 'not_possible', error_description: (error as Error).message };
    sendJson(response, 409, problem, APPROVAL_PAGE_HEADERS);
    return true;
  }
  response.writeHead(303, { location: '/approve', ...APPROVAL_PAGE_HEADERS });
  response.end();
  return true;
}
