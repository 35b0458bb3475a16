import { isOnesError, OnesHttpError, OnesOAuthError, redactSecretsInText } from '@ones.dev/common';
import { notifyCibaLogin } from './ciba-ping.js';
import { checkCibaLogin, startCibaLogin } from './ciba-routes.js';
import { checkConsent, makeConsent } from './consent-routes.js';
import { jsonAnswer, LoginRefusal, type RouteAnswer, refusalAnswer, renderAnswer } from './login-answers.js';
import type { LoginKit, RequestFacts } from './login-kit.js';
import { checkQrLogin, makeQrLogin } from './qr-routes.js';
import { checkJson, checkSameOriginJson, readJsonBody } from './read-json-body.js';
import type { LoginRoute, RouteContext } from './route-context.js';
import { logOut, readSession, refreshLogin } from './session-routes.js';

/** The kit's routes under `basePath`: the vendor's four, the session's three, consent's two. */
interface RouteEntry {
  readonly method: 'GET' | 'POST';
  readonly route: LoginRoute;
  /** Who calls it: a browser on one of the `origins` (the default), or the IdP (no `Origin`). */
  readonly caller?: 'idp';
}

const ROUTES: Readonly<Record<string, RouteEntry>> = {
  '/oidc/bc-authorize': { method: 'POST', route: startCibaLogin },
  '/oidc/token': { method: 'POST', route: checkCibaLogin },
  '/qr/make': { method: 'POST', route: makeQrLogin },
  '/qr/status': { method: 'POST', route: checkQrLogin },
  '/session': { method: 'GET', route: readSession },
  '/refresh': { method: 'POST', route: refreshLogin },
  '/logout': { method: 'POST', route: logOut },
  '/consent': { method: 'POST', route: makeConsent },
  '/consent/status': { method: 'POST', route: checkConsent },
  '/ciba/notify': { method: 'POST', route: notifyCibaLogin, caller: 'idp' },
};

/**
 * What a failed route answers. The IdP's OAuth answers to the browser's own login pass through
 * (`unknown_user_id` when unknown users are not hidden, a 429); an SDK error becomes 400 for bad
 * input or 502 for an IdP that could not answer; anything else 500. The details go to the logger,
 * never to the browser, and never a token.
 */
function answerForError(error: unknown, kit: LoginKit, what: string): RouteAnswer {
  if (error instanceof LoginRefusal) {
    kit.settings.log({
      level: 'debug',
      message: `login kit: ${what} refused: ${error.code} (${error.status})`,
    });
    return refusalAnswer(error);
  }
  if (error instanceof OnesOAuthError && error.response?.status === 400) {
    return jsonAnswer(400, { error: error.error });
  }
  if (isOnesError(error, 'ERR_VALIDATION_ARGUMENT')) {
    return refusalAnswer(new LoginRefusal('ERR_LOGIN_BODY_INVALID', error.message));
  }
  if (error instanceof OnesHttpError && error.response?.status === 429) {
    const after = error.retryAfterSeconds;
    return refusalAnswer(
      new LoginRefusal('ERR_LOGIN_RATE_LIMITED', 'the identity provider is busy; try again later', {
        ...(after === undefined ? {} : { 'retry-after': String(after) }),
      }),
    );
  }
  const detail = isOnesError(error)
    ? `${error.code}: ${error.message}`
    : `${(error as Error)?.name ?? 'Error'}: ${redactSecretsInText(String((error as Error)?.message ?? error))}`;
  kit.settings.log({ level: 'warn', message: `login kit: ${what} failed (${detail})` });
  return refusalAnswer(
    isOnesError(error)
      ? new LoginRefusal('ERR_LOGIN_IDP_UNAVAILABLE', 'the identity provider could not complete the request')
      : new LoginRefusal('ERR_LOGIN_INTERNAL', 'the login could not be completed'),
  );
}

async function contextFor(kit: LoginKit, request: Request, facts: RequestFacts, entry: RouteEntry) {
  const clientAddress = kit.clientAddress(facts);
  // the IdP's notifications count apart from the browsers' requests from the same address
  const bucket = entry.caller === 'idp' ? 'notify-address' : 'request-address';
  await kit.rateLimits.count(bucket, clientAddress, kit.settings.rateLimits.requestsPerAddress);
  let body: Record<string, unknown> = {};
  if (entry.method === 'POST') {
    if (entry.caller === 'idp') checkJson(request);
    else checkSameOriginJson(request, kit.settings.origins);
    body = await readJsonBody(request, kit.settings.maxBodyBytes);
  }
  const context: RouteContext = {
    kit,
    facts,
    secure: kit.settings.secureCookies,
    body,
    clientAddress,
    setCookies: [],
    signal: request.signal,
  };
  return context;
}

/**
 * Answers a request to one of the kit's routes, or `null` when the path is not one (so the app's
 * own routes handle it). Every answer is JSON with `Cache-Control: no-store`.
 */
export async function handleLoginRequest(
  kit: LoginKit,
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
  const facts: RequestFacts = { url, headers: request.headers, peerAddress };
  let context: RouteContext | undefined;
  try {
    context = await contextFor(kit, request, facts, entry);
    return renderAnswer(await entry.route(context), context.setCookies);
  } catch (error) {
    return renderAnswer(
      answerForError(error, kit, `${request.method} ${url.pathname}`),
      context?.setCookies ?? [],
    );
  }
}
