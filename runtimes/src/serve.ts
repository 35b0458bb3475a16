// The SDK served by Bun or Deno, with the runtime's own server (`Bun.serve`, `Deno.serve`), for the
// tests in runtimes/test: the login kit through `login.fetch` under /api/auth, the app's own
// `/api/me`, and `/rpc/<method>` calling one `DeviceAuthentication` method with the JSON array it is
// posted (so the Node test that drives dev-idp can run every flow here), and `/client/<helper>`
// running @ones.dev/common's browser helpers here, against this same server. Configured by environment:
// ONES_DEVICE_YML and ONES_SIGNER_URL (from dev-idp), ONES_COOKIE_SECRET, ORIGIN. Prints one line,
// `listening <port>`, once it serves.
import { DeviceAuthentication, loadSystemConfig } from '@ones.dev/backend-modules';
import { createOnesLogin } from '@ones.dev/backend-modules/login';
import {
  AuthJwtProperties,
  getSessionClient,
  isOnesError,
  logInWithUsernameClient,
  logOutClient,
} from '@ones.dev/common';
import { renderQrCodeSvg } from '@ones.dev/common/qr';

declare const Bun:
  | { serve(options: unknown): { port: number; requestIP(request: Request): { address: string } | null } }
  | undefined;
declare const Deno: { serve(options: unknown, handler: unknown): { addr: { port: number } } } | undefined;

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`serve.ts: ${name} is not set`);
  return value;
};

// Counts the requests to OnesID and the signer that go through the platform's fetch: on Bun and
// Deno the SDK's own transport is fetch (on Node it is node:http).
const platformFetch = globalThis.fetch;
const sdkRequests = { viaFetch: 0 };
globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
  const url = input instanceof Request ? input.url : String(input);
  if (url.startsWith(env('ONES_IDP_URL')) || url === env('ONES_SIGNER_URL')) sdkRequests.viaFetch += 1;
  return platformFetch(input, init);
}) as typeof fetch;

const auth = DeviceAuthentication.fromSystemConfig(loadSystemConfig(env('ONES_DEVICE_YML')), {
  name: 'runtime-test',
  deviceIdentityUrl: env('ONES_SIGNER_URL'),
  authJwtProperties: new AuthJwtProperties({
    scope: 'openid profile email offline_access',
    bindingMessage: 'Log in to the runtime shop',
  }),
});
const login = createOnesLogin({ auth, secrets: [env('ONES_COOKIE_SECRET')], origins: [env('ORIGIN')] });

/** The methods `/rpc/<method>` may call: the flows a backend runs, nothing that reads files. */
const RPC_METHODS = new Set([
  'makeDeviceAccessToken',
  'tokenIntrospection',
  'makeCibaRequest',
  'checkCibaStatus',
  'waitForCibaTokens',
  'cancelCibaRequest',
  'refreshAccessToken',
  'revokeToken',
  'userInfo',
  'validateJwt',
  'jwtBearerGrant',
  'makeQrAuthSessionIdp',
  'verifyQrAuthSessionIdp',
  'makeConsentRequest',
  'checkConsentStatus',
]);

const runtime = typeof Bun !== 'undefined' ? `bun ${process.versions.bun}` : `deno ${process.versions.deno}`;

async function rpc(method: string, request: Request): Promise<Response> {
  if (!RPC_METHODS.has(method)) return Response.json({ message: `no method ${method}` }, { status: 404 });
  const args = (await request.json()) as unknown[];
  try {
    const call = (auth as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>)[method];
    const value = await call?.apply(auth, args);
    return Response.json({ value: value ?? null });
  } catch (error) {
    const { name, message } = error as Error;
    return Response.json(
      { error: { name, code: isOnesError(error) ? error.code : undefined, message } },
      { status: 500 },
    );
  }
}

/** A cookie-keeping `fetch` for the browser helpers, stamping each request with the page's Origin. */
function browserFetch(): typeof fetch {
  const cookies = new Map<string, string>();
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    request.headers.set('origin', env('ORIGIN'));
    if (cookies.size > 0) request.headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await fetch(request);
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (/max-age=0\b/i.test(line)) cookies.delete(pair.slice(0, at));
      else cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return response;
  }) as typeof fetch;
}

/** @ones.dev/common's helpers, run by this runtime against this server: what each saw. */
async function client(helper: string, self: string, request: Request): Promise<Response> {
  const fetch = browserFetch();
  const shown: string[] = [];
  try {
    if (helper === 'qr-svg') {
      const { content } = (await request.json()) as { content: string };
      return new Response(renderQrCodeSvg(content), { headers: { 'content-type': 'image/svg+xml' } });
    }
    if (helper !== 'username-login')
      return Response.json({ message: `no helper ${helper}` }, { status: 404 });
    const { username } = (await request.json()) as { username: string };
    const session = await logInWithUsernameClient(self, username, {
      fetch,
      onStarted: ({ loginCode }) => shown.push(loginCode),
    });
    const read = await getSessionClient(self, { fetch });
    await logOutClient(self, { fetch });
    const afterLogout = await getSessionClient(self, { fetch });
    return Response.json({ session, shown, read, afterLogout });
  } catch (error) {
    return Response.json(
      { error: { name: (error as Error).name, code: isOnesError(error) ? error.code : undefined } },
      { status: 500 },
    );
  }
}

async function handle(request: Request, clientAddress: string | undefined): Promise<Response> {
  const url = new URL(request.url);
  const { pathname } = url;
  if (pathname.startsWith('/client/') && request.method === 'POST')
    return client(pathname.slice('/client/'.length), url.origin, request);
  if (pathname === '/runtime') return Response.json({ runtime, sdkRequests });
  if (pathname.startsWith('/rpc/') && request.method === 'POST')
    return rpc(pathname.slice('/rpc/'.length), request);
  if (pathname === '/api/me') {
    const session = await login.session(request);
    if (session === null) return Response.json({ message: 'log in first' }, { status: 401 });
    return Response.json({ user: session.user, runtime });
  }
  return (await login.fetch(request, { clientAddress })) ?? new Response('not found', { status: 404 });
}

if (typeof Bun !== 'undefined') {
  const server = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch: (request: Request) => handle(request, server.requestIP(request)?.address),
  });
  process.stdout.write(`listening ${server.port}\n`);
} else if (typeof Deno !== 'undefined') {
  Deno.serve(
    {
      hostname: '127.0.0.1',
      port: 0,
      onListen: ({ port }: { port: number }) => process.stdout.write(`listening ${port}\n`),
    },
    (request: Request, info: { remoteAddr: { hostname: string } }) =>
      handle(request, info.remoteAddr.hostname),
  );
} else {
  throw new Error('serve.ts runs on Bun or Deno; Node has the integration tests');
}
