import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createOnesLogin } from '@ones.dev/backend-modules/login';
import { AuthJwtProperties, makeCibaRequestClient } from '@ones.dev/common';
import { DEMO_USERS } from '@ones.dev/idp-model';
import { afterAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../src/index.js';
import { backendFor, startTestIdp } from './dev-idp-fixture.js';
import { kitBrowser } from './kit-browser.js';

// The kit's cookies measured with real tokens from dev-idp: ID tokens and JWT access tokens signed
// RS256 and ES256, opaque and JWT access tokens for each of several resources (oidc-provider issues
// one access token per resource, RFC 8707), a refresh token, and a user whose names are long. Browsers keep at most 4096 bytes per cookie (name, value and
// attributes); the kit must stay under that with room to spare.
const HOST = 'http://127.0.0.1:3000';
const RESOURCES = ['https://api.example.com', 'https://orders.example.com', 'https://payments.example.com'];
const LONG_NAMES = {
  username: 'maximilian',
  sub: `user-${'m'.repeat(60)}`,
  email: `maximilian.${'x'.repeat(40)}@example.com`,
  profile: {
    firstName: `Maximilian ${'Alexander '.repeat(6)}`.trim(),
    lastName: `von ${'Hohenzollern-'.repeat(5)}Sigmaringen`,
    fullName: `Maximilian ${'Alexander '.repeat(6)}von ${'Hohenzollern-'.repeat(5)}Sigmaringen`,
  },
};
const ARTIFACT = resolve(import.meta.dirname, '../../../../test-artifacts/login-kit-cookie-sizes.json');
const measured: Record<string, number>[] = [];
const idps: DevIdp[] = [];

afterAll(async () => {
  await Promise.all(idps.map((idp) => idp.stop()));
  mkdirSync(resolve(ARTIFACT, '..'), { recursive: true });
  writeFileSync(ARTIFACT, `${JSON.stringify(measured, null, 2)}\n`);
});

/** Logs `username` in through the kit and measures every Set-Cookie header the kit sent. */
async function sizes(alg: 'ES256' | 'RS256', resources: readonly string[], username: string) {
  const idp = await startTestIdp({
    tokenSigningAlg: alg,
    resources: RESOURCES,
    users: [...DEMO_USERS, LONG_NAMES],
  });
  idps.push(idp);
  const auth = await backendFor(idp, {
    authJwtProperties: new AuthJwtProperties({
      scope: 'openid profile email phone offline_access',
      bindingMessage: 'Cookie sizes',
      resources,
    }),
  });
  const login = createOnesLogin({ auth, secrets: ['s'.repeat(32)], origins: [HOST] });
  let largestLoginCookie = 0;
  let sessionCookie = 0;
  const browser = kitBrowser({
    fetch: async (request, context) => {
      const answer = await login.fetch(request, context);
      for (const line of answer?.headers.getSetCookie() ?? []) {
        if (line.startsWith('ones-login=')) largestLoginCookie = Math.max(largestLoginCookie, line.length);
        if (line.startsWith('ones-session=') && !/Max-Age=0/.test(line)) sessionCookie = line.length;
      }
      return answer;
    },
  });
  // four logins in progress at once: the most the pending-login cookie holds
  for (let index = 0; index < 3; index += 1)
    await makeCibaRequestClient(HOST, 'bob', { fetch: browser.fetch });
  const started = await makeCibaRequestClient(HOST, username, { fetch: browser.fetch });
  await idp.approveLogin({ authReqId: started.auth_req_id });
  const done = await browser.fetch(`${HOST}/api/auth/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ authRequestId: started.auth_req_id }),
  });
  expect(done.status).toBe(200);
  const accessToken = await login.accessToken(
    new Request(HOST, { headers: { cookie: browser.cookieHeader() } }),
    new Headers(),
  );
  const result = {
    alg,
    resources: resources.length,
    user: username,
    accessTokenLength: accessToken?.length ?? 0,
    sessionCookie,
    largestLoginCookie,
  };
  measured.push(result as never);
  return result;
}

describe('cookie sizes with real dev-idp tokens', () => {
  it.each([
    ['ES256', [], 'alice'],
    ['RS256', [], 'alice'],
    ['ES256', RESOURCES.slice(0, 1), 'alice'],
    ['RS256', RESOURCES.slice(0, 1), 'alice'],
    ['RS256', RESOURCES.slice(1, 2), 'alice'],
    ['RS256', RESOURCES.slice(2, 3), 'maximilian'],
    ['ES256', RESOURCES.slice(2, 3), 'maximilian'],
  ] as const)('%s, %j, %s: every cookie stays under 4 kB', async (alg, resources, user) => {
    const { sessionCookie, largestLoginCookie, accessTokenLength } = await sizes(alg, resources, user);
    expect(accessTokenLength).toBeGreaterThan(20);
    expect(sessionCookie).toBeGreaterThan(accessTokenLength);
    expect(sessionCookie).toBeLessThan(4096);
    expect(largestLoginCookie).toBeLessThan(4096);
  });
});
