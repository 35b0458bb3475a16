import type { IncomingMessage, ServerResponse } from 'node:http';
import { type SessionView, sessionView } from './cookies/login-session.js';
import { buildKitServices, type KitServices } from './kit-services.js';
import type { OnesLoginOptions } from './options/ones-login-options.js';
import { resolveSettings } from './options/resolve-settings.js';
import { handleFetchRequest } from './serve/fetch-handler.js';
import { type NodeLoginMiddleware, nodeMiddlewareFor } from './serve/node-middleware.js';
import { systemClock } from './settings/clock.js';

/**
 * A request as the app's own routes hold it: a web `Request` or Node's `IncomingMessage`.
 *
 * @example
 * ```ts
 * import type { AnyRequest } from '@ones.dev/backend-modules/login';
 * const request: AnyRequest = new Request('https://shop.example/orders');
 * ```
 */
export type AnyRequest = Request | IncomingMessage;

/**
 * Where a refreshed session cookie goes: the web `Headers` of your answer, or Node's `ServerResponse`.
 *
 * @example
 * ```ts
 * import type { AnyResponse } from '@ones.dev/backend-modules/login';
 * const response: AnyResponse = new Headers();
 * ```
 */
export type AnyResponse = Headers | ServerResponse;

/**
 * The login kit: {@link createOnesLogin}'s answer.
 *
 * @example
 * ```ts
 * import type { OnesLogin } from '@ones.dev/backend-modules/login';
 * declare const login: OnesLogin;
 * const answer = await login.fetch(new Request('https://shop.example/api/auth/session'));
 * ```
 */
export interface OnesLogin {
  /**
   * The routes as a web-standard handler (Hono, Next.js, `Bun.serve`, `Deno.serve`; tested on Node,
   * Bun and Deno): a `Response`, or `null` when the path is not a login route. Pass the peer's address as `clientAddress` when your
   * platform gives it (it is what rate limits count and the phone shows).
   */
  fetch(
    request: Request,
    context?: { readonly clientAddress?: string | undefined },
  ): Promise<Response | null>;
  /** The routes as Node middleware (Express `app.use`, NestJS `app.use`, `node:http`); mount it at the root. */
  readonly node: NodeLoginMiddleware;
  /**
   * Who is logged in on the browser that sent `request`, or `null`: no session, or (while the
   * shared store does not answer, with `storeOutage.sessions: 'refuse'`) one that cannot be
   * confirmed as not logged out. Session mode.
   */
  session(request: AnyRequest): Promise<SessionView | null>;
  /**
   * An access token for calling APIs as the logged-in user, refreshed when it expires within 30 s,
   * or `null` without a session. A refresh updates the session cookie on `response`: pass the
   * answer's headers (or Node response) so a rotated refresh token is kept.
   */
  accessToken(request: AnyRequest, response: AnyResponse): Promise<string | null>;
}

function cookieOf(request: AnyRequest): string | null | undefined {
  return request instanceof Request ? request.headers.get('cookie') : request.headers.cookie;
}

function appendSetCookie(response: AnyResponse, cookie: string): void {
  if (response instanceof Headers) return void response.append('set-cookie', cookie);
  const existing = response.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  response.setHeader('set-cookie', [...list, cookie]);
}

/**
 * The customer's login routes, done once, safely, for every framework: CIBA and QR logins for the
 * browser helpers of `@ones.dev/common`, and (in session mode, the default) a session in encrypted
 * cookies so that tokens never reach browser JavaScript. Routes under `basePath` (`/api/auth`):
 * `POST /oidc/bc-authorize`, `/oidc/token`, `/qr/make`, `/qr/status`, `/refresh`, `/logout`,
 * `/consent`, `/consent/status`; `GET /session`. See docs/login-kit.md for the security model.
 *
 * @param options - `auth`, `secrets`, `origins` (required), then `mode`, `basePath`, `store`, …
 * @returns `{ fetch, node, session, accessToken }`
 * @throws OnesConfigError `ERR_CONFIG_INVALID` naming the option, e.g. a secret shorter than 32 bytes
 * @example
 * ```ts
 * import { DeviceAuthentication, loadSystemConfig } from '@ones.dev/backend-modules';
 * import { createOnesLogin } from '@ones.dev/backend-modules/login';
 * import { AuthJwtProperties } from '@ones.dev/common';
 * const auth = DeviceAuthentication.fromSystemConfig(loadSystemConfig(), {
 *   authJwtProperties: new AuthJwtProperties({ scope: 'openid profile', bindingMessage: 'Log in to Shop' }),
 * });
 * const login = createOnesLogin({
 *   auth,
 *   secrets: [process.env.ONES_COOKIE_SECRET ?? ''],
 *   origins: ['https://shop.example'],
 * });
 * // Express: app.use(login.node); Hono: app.all('/api/auth/*', async (c) => (await login.fetch(c.req.raw)) ?? c.notFound());
 * ```
 */
export function createOnesLogin(options: OnesLoginOptions): OnesLogin {
  return onesLoginOver(buildKitServices(resolveSettings(options), systemClock));
}

/** The kit's face over its parts (tests build the parts on a clock of their own). */
export function onesLoginOver(kit: KitServices): OnesLogin {
  const liveSession = async (request: AnyRequest) => {
    const lookup = await kit.sessions.lookup(cookieOf(request));
    return lookup.state === 'live' ? lookup.session : undefined;
  };
  return {
    fetch: (request, context = {}) => handleFetchRequest(kit, request, context.clientAddress),
    node: nodeMiddlewareFor(kit),
    async session(request) {
      const session = await liveSession(request);
      return session === undefined ? null : sessionView(session);
    },
    async accessToken(request, response) {
      const session = await liveSession(request);
      if (session === undefined) return null;
      const fresh = await kit.refresher.fresh(session);
      if (fresh !== session) appendSetCookie(response, await kit.cookies.sessionCookie(fresh));
      return fresh?.accessToken ?? null;
    },
  };
}
