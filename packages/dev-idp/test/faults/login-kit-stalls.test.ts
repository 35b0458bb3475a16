import type { OnesLogin } from '@ones.dev/backend-modules/login';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitBrowser, loggedInBrowser } from '../integration/kit-browser.js';
import { type FaultBench, HOST, SECRET, startFaultBench } from './fault-bench.js';
import { type KitProcess, startKitProcess } from './kit-process.js';

// One instance stalls (its event loop blocked for a second, as under a long GC pause or a
// CPU-bound request): it runs in a process of its own, the other in this one, both on one Redis.
let bench: FaultBench;
let here: OnesLogin;
let stalled: KitProcess;

beforeAll(async () => {
  bench = await startFaultBench();
  here = await bench.instance();
  stalled = await startKitProcess({
    redisUrl: bench.redis.url,
    deviceConfigPath: bench.idp.device.configPath,
    signerUrl: bench.idp.signer.url,
    secret: SECRET,
    origin: HOST,
  });
}, 60_000);
afterAll(async () => {
  await stalled?.stop();
  await bench?.stop();
});

/** A request to the instance in the other process, with the browser's cookies. */
const toStalled = (path: string, cookie: string, init: RequestInit = {}) =>
  fetch(`${stalled.url}/api/auth${path}`, {
    ...init,
    headers: {
      cookie,
      'x-forwarded-for': '203.0.113.70',
      ...(init.method === 'POST' ? { origin: HOST, 'content-type': 'application/json' } : {}),
    },
  });

describe('an instance that stalls', () => {
  it('a 1 s stall while it reads a logout from Redis: the answer that arrived meanwhile counts; the logged-out cookie is refused, never served', async () => {
    for (let round = 0; round < 3; round += 1) {
      const browser = await loggedInBrowser(here, bench.idp, 'alice', HOST);
      const cookie = browser.cookieHeader();
      expect((await toStalled('/session', cookie)).status).toBe(200);
      await browser.fetch(`${HOST}/api/auth/logout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
      await stalled.stall(1_000, 'after-next-read');
      const started = Date.now();
      const answer = await toStalled('/session', cookie);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_000); // it did stall, reading that logout
      expect(answer.status).toBe(401);
    }
    // and the stall was not taken for a store outage
    expect(stalled.logs.map((event) => event.code)).not.toContain('LOGIN_STORE_UNAVAILABLE');
  }, 30_000);

  it('a 1 s stall of the instance holding a status request: the login completes when it runs again, with one token request', async () => {
    const browser = kitBrowser(here, { origin: HOST, address: '203.0.113.71' });
    const started = await browser.fetch(`${HOST}/api/auth/oidc/bc-authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userIdentifier: 'bob' }),
    });
    const { auth_req_id } = (await started.json()) as { auth_req_id: string };
    await bench.idp.approveLogin({ authReqId: auth_req_id });
    await new Promise((wait) => setTimeout(wait, 2_000));
    const tokenRequests = bench.idp.requestCounts().token ?? 0;
    await stalled.stall(1_000);
    const begun = Date.now();
    const answer = await toStalled('/oidc/token', browser.cookieHeader(), {
      method: 'POST',
      body: JSON.stringify({ authRequestId: auth_req_id }),
    });
    expect(answer.status).toBe(200);
    expect(Date.now() - begun).toBeLessThan(5_000);
    expect(await answer.json()).toMatchObject({ user: { sub: 'user-bob' } });
    expect((bench.idp.requestCounts().token ?? 0) - tokenRequests).toBe(1);
  }, 30_000);
});
