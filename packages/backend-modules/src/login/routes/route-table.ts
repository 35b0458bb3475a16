import { LoginRefusal, refusalAnswer, renderAnswer } from '../http/answers.js';
import { answerForError } from '../http/error-answer.js';
import { readJsonBody } from '../http/read-json-body.js';
import { checkJson, checkSameOriginJson } from '../http/request-checks.js';
import type { KitServices } from '../kit-services.js';
import { startCibaLogin } from './ciba-start-route.js';
import { checkCibaLogin } from './ciba-status-route.js';
import { checkConsent, makeConsent } from './consent-routes.js';
import { notifyCibaLogin } from './notify-route.js';
import { checkQrLogin, makeQrLogin } from './qr-routes.js';
import type { LoginRoute, RouteRequest } from './route-request.js';
import { logOut, readSession, refreshLogin } from './session-routes.js';

/** One of the kit's routes under `basePath`. */
interface RouteEntry {
  readonly method: 'GET' | 'POST';
  readonly route: LoginRoute;
  /** Who calls it: a browser on one of the `origins` (the default), or the IdP (no `Origin`). */
  readonly caller?: 'idp';
  /** A login start: counted by the start limits instead of `requestsPerAddress`. */
  readonly start?: true;
}

const ROUTES: Readonly<Record<string, RouteEntry>> = {
  '/oidc/bc-authorize': { method: 'POST', route: startCibaLogin, start: true },
  '/oidc/token': { method: 'POST', route: checkCibaLogin },
  '/qr/make': { method: 'POST', route: makeQrLogin, start: true },
  '/qr/status': { method: 'POST', route: checkQrLogin },
  '/session': { method: 'GET', route: readSession },
  '/refresh': { method: 'POST', route: refreshLogin },
  '/logout': { method: 'POST', route: logOut },
  '/consent': { method: 'POST', route: makeConsent },
  '/consent/status': { method: 'POST', route: checkConsent },
  '/ciba/notify': { method: 'POST', route: notifyCibaLogin, caller: 'idp' },
};

/** The request as a route gets it: counted, checked for origin and type, its body read within limits. */
async function routeRequestFor(
  kit: KitServices,
  request: Request,
  url: URL,
  peerAddress: string | undefined,
  entry: RouteEntry,
  setCookies: string[],
): Promise<RouteRequest> {
  const clientAddress = kit.addresses.of(request.headers, peerAddress);
  if (entry.start !== true) await kit.limits.countRequest(clientAddress, entry.caller ?? 'browser');
  let body: Record<string, unknown> = {};
  if (entry.method === 'POST') {
    if (entry.caller === 'idp') checkJson(request);
    else checkSameOriginJson(request, kit.settings.origins);
    const { maxBodyBytes, bodyTimeoutSeconds } = kit.settings;
    body = await readJsonBody(
      request,
      { maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutSeconds * 1000 },
      kit.clock,
    );
  }
  return { url, headers: request.headers, body, clientAddress, signal: request.signal, setCookies };
}

/**
 * Answers a request to one of the kit's routes, or `null` when the path is not one (so the app's
 * own routes handle it). Every answer is JSON with `Cache-Control: no-store`.
 *
 * @example
 * const answer = await handleLoginRequest(kit, request, '203.0.113.7'); // Response | null
 */
export async function handleLoginRequest(
  kit: KitServices,
  request: Request,
  peerAddress: string | undefined,
): Promise<Response | null> {
  const url = new URL(request.url);
  const { basePath } = kit.settings;
  if (!url.pathname.startsWith(`${basePath}/`)) return null;
  const entry = ROUTES[url.pathname.slice(basePath.length)];
  if (entry === undefined) return null;
  if (request.method !== entry.method) {
    const refusal = new LoginRefusal('ERR_LOGIN_METHOD', `use ${entry.method} for this route`, {
      allow: entry.method,
    });
    return renderAnswer(refusalAnswer(refusal), []);
  }
  const setCookies: string[] = [];
  try {
    const routeRequest = await routeRequestFor(kit, request, url, peerAddress, entry, setCookies);
    return renderAnswer(await entry.route(routeRequest, kit), setCookies);
  } catch (error) {
    return renderAnswer(
      answerForError(error, kit.settings.log, `${request.method} ${url.pathname}`),
      setCookies,
    );
  }
}
