import type { IncomingMessage, ServerResponse } from 'node:http';
import { type ApprovalRouteContext, routeApprovalRequest } from '../approval/approval-routes.js';
import { type ExtensionRouteContext, routeExtensionRequest } from '../extensions/extension-routes.js';
import type { DevOidc } from '../oidc/dev-oidc.js';
import { sendJson } from './json-io.js';

/**
 * One request the local OnesID received.
 *
 * @example
 * ```ts
 * import type { DevIdpRequest } from '@ones.dev/dev-idp';
 * const polls = (requests: readonly DevIdpRequest[]) => requests.filter((r) => r.endpoint === 'token').length;
 * ```
 */
export interface DevIdpRequest {
  readonly endpoint: string;
  readonly method: string;
  readonly status: number;
  readonly at: number;
}

/** What answers a dev-idp's requests: its provider, its OnesID endpoints, its approval page. */
export interface DevIdpRoutes {
  /** The IdP base URL, `http://127.0.0.1:{port}`. */
  readonly url: string;
  readonly oidc: DevOidc;
  readonly extensions: ExtensionRouteContext;
  readonly approval: ApprovalRouteContext;
  /** Where each answered request is recorded. */
  readonly log: DevIdpRequest[];
}

/** The name a request is logged and counted under. */
function endpointOf(path: string): string {
  if (path === '/oidc/.well-known/openid-configuration') return 'discovery';
  if (path === '/oidc/jwks') return 'jwks';
  if (path === '/oidc/token') return 'token';
  if (path === '/oidc/token/introspection') return 'introspection';
  if (path === '/oidc/me') return 'userinfo';
  if (path === '/oidc/bc-authorize') return 'bc-authorize';
  if (path === '/qr-auth/sessions') return 'qr-session-create';
  if (/^\/qr-auth\/sessions\/[^/]+\/callback$/.test(path)) return 'qr-session-callback';
  if (/^\/qr-auth\/sessions\/[^/]+$/.test(path)) return 'qr-session-status';
  if (path === '/consent/requests') return 'consent-create';
  if (path === '/ciba/cancel') return 'ciba-cancel';
  if (/^\/consent\/requests\/[^/]+$/.test(path)) return 'consent-status';
  if (path.startsWith('/approve')) return 'approve';
  return path.startsWith('/oidc/') ? `oidc${path.slice(5)}` : 'other';
}

/**
 * The request listener of a dev-idp: loopback Host only (421 otherwise, against DNS rebinding), no
 * cross-origin posts to the approval page (403), every answer logged, then the provider under `/oidc`,
 * the OnesID endpoints, the approval page, 404; a failure answers 500.
 */
export function devIdpRequestListener(
  routes: DevIdpRoutes,
): (request: IncomingMessage, response: ServerResponse) => void {
  const port = new URL(routes.url).port;
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = new Set([...allowedHosts].map((host) => `http://${host}`));

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!allowedHosts.has(request.headers.host ?? ''))
      return sendJson(response, 421, { error: 'misdirected_request' });
    const path = new URL(request.url ?? '/', routes.url).pathname;
    const method = request.method ?? 'GET';
    // The approval page acts for the user: no other site may post to it.
    const origin = request.headers.origin;
    if (
      method === 'POST' &&
      path.startsWith('/approve/') &&
      origin !== undefined &&
      !allowedOrigins.has(origin)
    )
      return sendJson(response, 403, {
        error: 'forbidden',
        error_description: 'cross-origin approval refused',
      });
    const endpoint = endpointOf(path);
    response.on('finish', () =>
      routes.log.push({ endpoint, method, status: response.statusCode, at: Date.now() }),
    );
    if (path === '/oidc' || path.startsWith('/oidc/')) return routes.oidc.handle(request, response, endpoint);
    if (await routeExtensionRequest(routes.extensions, request, response, path, method)) return;
    if (await routeApprovalRequest(routes.approval, request, response, path, method)) return;
    sendJson(response, 404, { error: 'not_found' });
  };

  return (request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        sendJson(response, 500, { error: 'server_error', error_description: (error as Error).message });
      else response.destroy();
    });
  };
}
