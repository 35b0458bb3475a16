import type { DeviceAuthentication, OnesLogEvent } from '@ones.dev/backend-modules';
import { createOnesLogin, type OnesLogin, RedisLoginStore } from '@ones.dev/backend-modules/login';
import {
  getSessionClient,
  logInWithUsernameClient,
  logOutClient,
  makeCibaRequestClient,
} from '@ones.dev/common';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../../../test-support/redis-server.js';
import type { DevIdp } from '../../src/index.js';
import { backendFor, startTestIdp } from './dev-idp-fixture.js';
import { kitBrowser, loggedInBrowser } from './kit-browser.js';

// Two login-kit instances that share nothing but the cookie secret and one Redis (Debian's
// redis-server on a loopback port, node-redis as the client), against dev-idp.
const HOST = 'http://127.0.0.1:3000';
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
let idp: DevIdp;
let auth: DeviceAuthentication;
let redis: TestRedis;
let client: ReturnType<typeof createClient>;
const logs: OnesLogEvent[] = [];

function instance(options: Partial<Parameters<typeof createOnesLogin>[0]> = {}): OnesLogin {
  return createOnesLogin({
    auth,
    secrets: [SECRET],
    origins: [HOST],
    store: new RedisLoginStore(client),
    logger: (event) => logs.push(event),
    ...options,
  });
}

/** A load balancer without sticky sessions: each request goes to the next instance. */
function roundRobin(...instances: OnesLogin[]): Pick<OnesLogin, 'fetch'> {
  let next = 0;
  return {
    fetch: (request, context) => (instances[next++ % instances.length] as OnesLogin).fetch(request, context),
  };
}

beforeAll(async () => {
  [idp, redis] = await Promise.all([startTestIdp(), startTestRedis()]);
  auth = await backendFor(idp);
  client = createClient(redis.clientOptions);
  client.on('error', () => {});
  await client.connect();
}, 30_000);

afterAll(async () => {
  client?.destroy();
  await Promise.all([idp?.stop(), redis?.stop()]);
});

describe('two kit instances sharing one Redis', () => {
  it('the per-user limit holds across instances: the 4th start for one user is refused, whichever instance gets it', async () => {
    const limits = { rateLimits: { loginStartsPerUser: { max: 3, windowSeconds: 300 } } };
    const balancer = roundRobin(instance(limits), instance(limits));
    const answers: number[] = [];
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']) {
      const browser = kitBrowser(balancer, { origin: HOST, address });
      const started = await makeCibaRequestClient(HOST, 'bob', { fetch: browser.fetch }).then(
        () => 200,
        (error: { response?: { status: number } }) => error.response?.status ?? 0,
      );
      answers.push(started);
    }
    expect(answers).toEqual([200, 200, 200, 429]);
    const keys = await client.keys('ones:rl:start-user:*');
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toContain('bob'); // the store never holds a username in the clear
  });

  it('a logout on one instance ends the session on the other at once', async () => {
    const [first, second] = [instance(), instance()];
    const browser = await loggedInBrowser(first, idp, 'alice', HOST);
    const elsewhere = kitBrowser(second, { origin: HOST });
    for (const [name, value] of browser.cookies) elsewhere.cookies.set(name, value);
    await expect(getSessionClient(HOST, { fetch: elsewhere.fetch })).resolves.toMatchObject({
      user: { sub: 'user-alice' },
    });
    const replay = new Map(browser.cookies);
    await logOutClient(HOST, { fetch: browser.fetch });
    for (const [name, value] of replay) elsewhere.cookies.set(name, value); // the old cookie, replayed
    await expect(getSessionClient(HOST, { fetch: elsewhere.fetch })).resolves.toBeNull();
  });

  it('Redis dies mid-login: the login completes, nothing hangs, sessions wait for Redis, and one log line per instance says what happened', async () => {
    const mine: OnesLogEvent[] = [];
    const logger = (event: OnesLogEvent) => mine.push(event);
    const balancer = roundRobin(instance({ logger }), instance({ logger }));
    const browser = kitBrowser(balancer, { origin: HOST, address: '203.0.113.9' });
    const started = Date.now();
    const loggingIn = logInWithUsernameClient(HOST, 'alice', { fetch: browser.fetch });
    const prompt = await idp.waitForLogin((login) => login.user.username === 'alice');
    await redis.kill();
    await idp.approveLogin({ authReqId: prompt.authReqId });
    await expect(loggingIn).resolves.toMatchObject({ user: { sub: 'user-alice' } });
    expect(Date.now() - started).toBeLessThan(10_000);
    // whether the session was logged out elsewhere cannot be told without Redis: refused (503), not served
    const refused = await browser.fetch(`${HOST}/api/auth/session`);
    expect([refused.status, (await refused.json()).code]).toEqual([503, 'ERR_LOGIN_STORE_UNAVAILABLE']);
    const warnings = mine.filter((event) => event.code === 'LOGIN_STORE_UNAVAILABLE');
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.length).toBeLessThanOrEqual(2);
    for (const warning of warnings) {
      expect(warning.message).toMatch(/^login kit: the store failed \(.+\); logouts made now are kept here/);
      expect(warning.message).not.toContain(String(redis.port));
    }
    await redis.restart();
    await expect
      .poll(() => getSessionClient(HOST, { fetch: browser.fetch }).catch(() => null), {
        timeout: 10_000,
        interval: 200,
      })
      .toMatchObject({ user: { sub: 'user-alice' } });
  }, 30_000);
});
