// Benchmark 5: what the login kit costs on top of the SDK. The same CIBA login (start, approve, the
// poll that gets the tokens, ID-token validation) runs as plain SDK calls and as
// the browser's requests through `login.fetch` (session mode: the pending-login cookie, the Origin and
// body checks, the rate limits, the session cookie): the two requests `logInWithUsernameClient` makes
// when the phone approves before its first poll. A later `GET /session` (a page view, not part of a
// login) is measured on its own. They run in one process,
// in alternating blocks, against dev-idp (a real oidc-provider) in a child process, signing in process
// with the device key; CPU time per login is `process.cpuUsage()` of the measuring process. Not
// against the fake OnesID: MSW wraps the web Request and Response classes that the kit uses.
// Target: a login through the kit adds at most 2 ms of CPU over the SDK calls alone (also printed as
// a ratio). Minimal hand-written routes around the same calls are printed as the plumbing's share.
import { createKeySigningFunction, DeviceAuthentication, loadSystemConfig } from '@ones.dev/backend-modules';
import { createOnesLogin } from '@ones.dev/backend-modules/login';
import { AuthJwtProperties } from '@ones.dev/common';
import { startDevIdpProcess } from './dev-idp-process.mjs';
import { report } from './fake-ones.mjs';

const BLOCKS = 20;
const PER_BLOCK = 30;
const ORIGIN = 'https://shop.example';
// the limits count as in production, but so high that the benchmark's thousands of logins pass
const LIMITS = {
  loginStartsPerAddress: { max: 1e6, windowSeconds: 60 },
  loginStartsPerUserAndAddress: { max: 1e6, windowSeconds: 60 },
  loginStartsPerUser: { max: 1e6, windowSeconds: 60 },
  requestsPerAddress: { max: 1e6, windowSeconds: 60 },
};
const idp = await startDevIdpProcess();
const auth = DeviceAuthentication.fromSystemConfig(loadSystemConfig(idp.configPath), {
  name: 'bench',
  functions: { signingFunction: createKeySigningFunction(idp.privateKeyPem) },
  authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Benchmark login', scope: 'openid profile' }),
});
const login = createOnesLogin({
  auth,
  secrets: ['a-benchmark-cookie-secret-of-32-bytes-or-more'],
  origins: [ORIGIN],
  rateLimits: LIMITS,
});

async function viaSdk() {
  const started = await auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
  await idp.approveLogin({ authReqId: started.auth_req_id });
  const tokens = await auth.checkCibaStatus(started.auth_req_id);
  return (await auth.validateJwt(tokens.id_token, { tokenType: 'id_token' })).sub;
}

/**
 * The peer for the kit's own cost: the same four routes written by hand the minimal way (JSON in,
 * SDK call, JSON out; no cookies, no checks), behind the same web-standard plumbing.
 */
async function minimalRoutes(request) {
  const path = new URL(request.url).pathname;
  const body = request.method === 'POST' ? await request.json() : {};
  if (path === '/api/auth/oidc/bc-authorize') {
    return Response.json(await auth.makeCibaRequest({ loginHint: { value: body.userIdentifier } }));
  }
  if (path === '/api/auth/oidc/token') {
    try {
      const tokens = await auth.checkCibaStatus(body.authRequestId);
      const { sub } = await auth.validateJwt(tokens.id_token, { tokenType: 'id_token' });
      return Response.json({ user: { sub } });
    } catch {
      return Response.json({ error: 'authorization_pending' }, { status: 400 });
    }
  }
  return Response.json({ error: 'not_found' }, { status: 404 });
}

/** One browser request into `handler` (the kit by default), keeping its cookies as a browser would. */
async function send(
  cookies,
  path,
  body,
  handler = (request) => login.fetch(request, { clientAddress: '203.0.113.1' }),
) {
  const headers = { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') };
  const init =
    body === undefined
      ? { headers }
      : {
          method: 'POST',
          headers: { ...headers, origin: ORIGIN, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        };
  const answer = await handler(new Request(`${ORIGIN}/api/auth${path}`, init));
  for (const line of answer.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair.indexOf('=');
    cookies.set(pair.slice(0, at), pair.slice(at + 1));
  }
  return answer.json();
}

async function browserLogin(handler) {
  const cookies = new Map();
  const started = await send(cookies, '/oidc/bc-authorize', { userIdentifier: 'alice' }, handler);
  await idp.approveLogin({ authReqId: started.auth_req_id });
  return (await send(cookies, '/oidc/token', { authRequestId: started.auth_req_id }, handler)).user.sub;
}
const viaKit = () => browserLogin(undefined);
const viaMinimalRoutes = () => browserLogin(minimalRoutes);

/** CPU milliseconds (user + system) per login over one block. */
async function cpuPerLogin(run) {
  const before = process.cpuUsage();
  for (let index = 0; index < PER_BLOCK; index += 1) {
    if ((await run()) !== 'user-alice') throw new Error('the login did not complete');
  }
  const { user, system } = process.cpuUsage(before);
  return (user + system) / 1000 / PER_BLOCK;
}

const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
await cpuPerLogin(viaSdk); // warm-up: JWKS, device token, JIT
await cpuPerLogin(viaMinimalRoutes);
await cpuPerLogin(viaKit);
const sdk = [];
const minimal = [];
const kit = [];
const ways = [
  [viaSdk, sdk],
  [viaMinimalRoutes, minimal],
  [viaKit, kit],
];
for (let block = 0; block < BLOCKS; block += 1) {
  // each round in a new order, so that no way always follows the same other one
  for (const [run, results] of ways.toSorted(() => Math.random() - 0.5)) results.push(await cpuPerLogin(run));
}
idp.stop();

// The kit's work alone: the same three browser requests, against an instant stand-in for the SDK
// (canned answers, no IdP, no network), so nothing but the kit and the web plumbing runs.
let next = 0;
const instant = createOnesLogin({
  auth: /** @type {never} */ ({
    makeCibaRequest: async () => ({
      auth_req_id: `stand-in-${next++}-${'r'.repeat(30)}`,
      expires_in: 120,
      interval: 1,
    }),
    checkCibaStatus: async () => ({
      access_token: 'a'.repeat(40),
      token_type: 'Bearer',
      expires_in: 300,
      id_token: 'x',
    }),
    validateJwt: async () => ({ sub: 'user-alice', name: 'Alice Example' }),
  }),
  secrets: ['a-benchmark-cookie-secret-of-32-bytes-or-more'],
  origins: [ORIGIN],
  rateLimits: LIMITS,
});
const kitAlone = async () => {
  const cookies = new Map();
  const handler = (request) => instant.fetch(request, { clientAddress: '203.0.113.1' });
  const started = await send(cookies, '/oidc/bc-authorize', { userIdentifier: 'alice' }, handler);
  return (await send(cookies, '/oidc/token', { authRequestId: started.auth_req_id }, handler)).user.sub;
};
// a logged-in browser's later `GET /session` (a page view), alone
const instantHandler = (request) => instant.fetch(request, { clientAddress: '203.0.113.1' });
const loggedIn = new Map();
const { auth_req_id } = await send(
  loggedIn,
  '/oidc/bc-authorize',
  { userIdentifier: 'alice' },
  instantHandler,
);
await send(loggedIn, '/oidc/token', { authRequestId: auth_req_id }, instantHandler);
const sessionCheck = async () => (await send(loggedIn, '/session', undefined, instantHandler)).user.sub;
await cpuPerLogin(kitAlone);
await cpuPerLogin(sessionCheck);
const alone = [];
const checks = [];
for (let block = 0; block < BLOCKS; block += 1) {
  alone.push(await cpuPerLogin(kitAlone));
  checks.push(await cpuPerLogin(sessionCheck));
}

const added = median(kit) - median(sdk);
report(
  'CPU a login through the kit adds over the SDK calls alone',
  added <= 2,
  `kit ${median(kit).toFixed(2)} ms, SDK calls alone ${median(sdk).toFixed(2)} ms: +${added.toFixed(2)} ms (${(median(kit) / median(sdk)).toFixed(2)}×; target ≤ +2 ms)`,
);
console.log(
  `      minimal hand-written routes (web Requests and Responses around the same SDK calls, no checks): ${median(minimal).toFixed(2)} ms, so the kit's own cost is +${(median(kit) - median(minimal)).toFixed(2)} ms`,
);
console.log(
  `      the kit's work alone (the same requests, an instant stand-in for the SDK, no network): ${median(alone).toFixed(2)} ms per login; a later GET /session: ${median(checks).toFixed(2)} ms`,
);
