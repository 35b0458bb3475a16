import type { DeviceAuthentication } from '@ones.dev/backend-modules';
import { isOnesError, OnesOAuthError } from '@ones.dev/common';
import {
  CibaAuthRequestFrontendDtoSchema,
  CibaAuthStatusRequestFrontendDtoSchema,
  QrSessionStatusRequestDtoSchema,
} from '@ones.dev/common/schemas';
import { type Context, Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

const COOKIE = 'ones_login';
const TTL_SECONDS = 15 * 60;
const notFound = { statusCode: 404, message: 'not found or expired' };

/**
 * The vendor's four login routes as web-standard handlers (`app.fetch(request) → Response`): run them
 * on Node, Bun, Deno, Cloudflare Workers or inside a Next.js route handler. Same answers as the
 * Express example; every id handed to a browser is tied to it with an httpOnly cookie.
 *
 * @param auth - the backend's `DeviceAuthentication`
 * @param clientAddress - how to learn the browser's address on your runtime (for `originIp`)
 */
export function createLoginApp(
  auth: DeviceAuthentication,
  clientAddress: (c: Context) => string | undefined = () => undefined,
): Hono {
  const owners = new Map<string, { readonly browser: string; readonly until: number }>();
  const browserOf = (c: Context) => getCookie(c, COOKIE);
  const own = (c: Context, id: string) => {
    let browser = browserOf(c);
    if (browser === undefined) {
      browser = crypto.randomUUID();
      setCookie(c, COOKIE, browser, {
        httpOnly: true,
        sameSite: 'Strict',
        secure: new URL(c.req.url).protocol === 'https:',
        maxAge: TTL_SECONDS,
        path: '/api/auth',
      });
    }
    const now = Date.now();
    for (const [key, { until }] of owners) if (until <= now) owners.delete(key);
    owners.set(id, { browser, until: now + TTL_SECONDS * 1000 });
  };
  const owns = (c: Context, id: string) => {
    const entry = owners.get(id);
    return entry !== undefined && entry.until > Date.now() && entry.browser === browserOf(c);
  };
  const body = async (c: Context) => c.req.json().catch(() => undefined);
  const originIp = (c: Context) => {
    const ip = clientAddress(c)?.replace(/^::ffff:/, '');
    return ip ? { originIp: ip } : {};
  };

  const app = new Hono();
  app.post('/api/auth/oidc/bc-authorize', async (c) => {
    const parsed = CibaAuthRequestFrontendDtoSchema.safeParse(await body(c));
    if (!parsed.success) return c.json({ statusCode: 400, message: 'userIdentifier is required' }, 400);
    const { userIdentifier, loginHintKind = 'username' } = parsed.data;
    const login = await auth.makeCibaRequest({ loginHint: { kind: loginHintKind, value: userIdentifier } });
    own(c, login.auth_req_id);
    return c.json({
      auth_req_id: login.auth_req_id,
      expires_in: login.expires_in,
      interval: login.interval ?? 5,
    });
  });
  app.post('/api/auth/oidc/token', async (c) => {
    const parsed = CibaAuthStatusRequestFrontendDtoSchema.safeParse(await body(c));
    if (!parsed.success || !owns(c, parsed.data.authRequestId)) return c.json(notFound, 404);
    return c.json(await auth.checkCibaStatus(parsed.data.authRequestId));
  });
  app.post('/api/auth/qr/make', async (c) => {
    const session = await auth.makeQrAuthSessionIdp(originIp(c));
    own(c, session.sessionId);
    return c.json(session);
  });
  app.post('/api/auth/qr/status', async (c) => {
    const parsed = QrSessionStatusRequestDtoSchema.safeParse(await body(c));
    if (!parsed.success || !owns(c, parsed.data.sessionId)) return c.json(notFound, 404);
    const session = await auth.verifyQrAuthSessionIdp({ sessionId: parsed.data.sessionId, ...originIp(c) });
    if (session === null) return c.json(notFound, 404);
    if (session.authRequestId !== undefined) own(c, session.authRequestId);
    return c.json({
      sessionId: session.sessionId,
      exp: session.exp,
      // the linked CIBA login, with its expiry and interval, so the browser polls at the IdP's pace
      ...(session.authRequestId
        ? { authRequestId: session.authRequestId, expires_in: session.expires_in, interval: session.interval }
        : {}),
    });
  });
  // The IdP's OAuth answers (400 pending, access_denied, …) go to the browser as they are; the rest is a 502.
  app.onError((error, c) => {
    if (error instanceof OnesOAuthError)
      return c.json(error.response.data as object, error.response.status as 400);
    if (isOnesError(error, 'ERR_VALIDATION_ARGUMENT'))
      return c.json({ statusCode: 400, message: error.message }, 400);
    return c.json({ statusCode: 502, message: 'the identity provider could not complete the request' }, 502);
  });
  return app;
}
