import { LoginRefusal, type RouteAnswer, refusalAnswer } from '../http/answers.js';
import { answerForError } from '../http/error-answer.js';
import type { HeaderReader } from '../http/header-reader.js';
import type { BodyLimits } from '../http/read-json-body.js';
import { checkJson, checkSameOriginJson } from '../http/request-checks.js';
import type { KitServices } from '../kit-services.js';
import { cancelLogin } from './cancel-route.js';
import { startCibaLogin } from './ciba-start-route.js';
import { checkCibaLogin } from './ciba-status-route.js';
import { checkConsent, makeConsent } from './consent-routes.js';
import { notifyCibaLogin } from './notify-route.js';
import { checkQrLogin, makeQrLogin } from './qr-routes.js';
import type { LoginRoute } from './route-request.js';
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
  '/cancel': { method: 'POST', route: cancelLogin },
  '/consent': { method: 'POST', route: makeConsent },
  '/consent/status': { method: 'POST', route: checkConsent },
  '/ciba/notify': { method: 'POST', route: notifyCibaLogin, caller: 'idp' },
};

/**
 * A request as any server hands it to the kit: web-standard (`fetch`) or Node's (`node`), read
 * only through this, so the rules are one code path whatever the transport.
 */
export interface IncomingLoginRequest {
  readonly method: string;
  readonly pathname: string;
  readonly headers: HeaderReader;
  readonly peerAddress: string | undefined;
  /** The JSON object body, within the limits (see `readJsonBody`). */
  readBody(limits: BodyLimits): Promise<Record<string, unknown>>;
  /** Aborts when the caller goes away (made when a route asks for it). */
  readonly signal: AbortSignal | undefined;
}

/** What to send back: the route's answer, and the cookies it set. */
export interface LoginAnswer {
  readonly answer: RouteAnswer;
  readonly setCookies: readonly string[];
}

/** The route for `method` and `pathname`: `null` when the path is not one of the kit's. */
export function routeFor(
  kit: KitServices,
  method: string,
  pathname: string,
): RouteEntry | LoginAnswer | null {
  const { basePath } = kit.settings;
  if (!pathname.startsWith(`${basePath}/`)) return null;
  const entry = ROUTES[pathname.slice(basePath.length)];
  if (entry === undefined) return null;
  if (method === entry.method) return entry;
  const refusal = new LoginRefusal('ERR_LOGIN_METHOD', `use ${entry.method} for this route`, {
    allow: entry.method,
  });
  return { answer: refusalAnswer(refusal), setCookies: [] };
}

/**
 * Answers a request to one of the kit's routes: counted, checked for origin and type, its body read
 * within limits, then the route; a failure becomes a JSON refusal (see `answerForError`).
 *
 * @example
 * const entry = routeFor(kit, 'POST', '/api/auth/logout');
 * if (entry !== null && 'route' in entry) await answerLoginRequest(kit, entry, incoming);
 */
export async function answerLoginRequest(
  kit: KitServices,
  entry: RouteEntry,
  incoming: IncomingLoginRequest,
): Promise<LoginAnswer> {
  const setCookies: string[] = [];
  try {
    const clientAddress = kit.addresses.of(incoming.headers, incoming.peerAddress);
    if (entry.start !== true) await kit.limits.countRequest(clientAddress, entry.caller ?? 'browser');
    let body: Record<string, unknown> = {};
    if (entry.method === 'POST') {
      if (entry.caller === 'idp') checkJson(incoming.headers);
      else checkSameOriginJson(incoming.headers, kit.settings.origins);
      const { maxBodyBytes, bodyTimeoutSeconds } = kit.settings;
      body = await incoming.readBody({ maxBytes: maxBodyBytes, timeoutMs: bodyTimeoutSeconds * 1000 });
    }
    const answer = await entry.route(
      {
        headers: incoming.headers,
        body,
        clientAddress,
        get signal() {
          return incoming.signal;
        },
        setCookies,
      },
      kit,
    );
    return { answer, setCookies };
  } catch (error) {
    if (error instanceof LoginRefusal) kit.devHints.noteRefusal(error);
    return {
      answer: answerForError(error, kit.settings.log, `${incoming.method} ${incoming.pathname}`),
      setCookies,
    };
  }
}
