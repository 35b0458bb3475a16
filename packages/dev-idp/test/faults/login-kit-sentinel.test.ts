import type { DeviceAuthentication, OnesLogEvent } from '@ones.dev/backend-modules';
import { createOnesLogin, type OnesLogin, RedisLoginStore } from '@ones.dev/backend-modules/login';
import { createSentinel } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedisSentinel, type TestRedisSentinel } from '../../../../test-support/redis-topologies.js';
import type { DevIdp } from '../../src/index.js';
import { backendFor, startTestIdp } from '../integration/dev-idp-fixture.js';
import { type KitBrowser, kitBrowser, loggedInBrowser } from '../integration/kit-browser.js';
import { expectSafeAnswer, HOST, SECRET } from './fault-bench.js';

// Two kit instances on Redis behind Sentinel (a master and a replica, logouts written to both):
// the master is killed in the middle of traffic, and the kit keeps its guarantees through the
// replica's promotion.
let idp: DevIdp;
let auth: DeviceAuthentication;
let sentinel: TestRedisSentinel;
let a: OnesLogin;
let b: OnesLogin;
const logs: OnesLogEvent[] = [];
const clients: { close(): Promise<void> }[] = [];

async function instance(): Promise<OnesLogin> {
  const client = createSentinel({
    name: sentinel.name,
    sentinelRootNodes: [{ host: '127.0.0.1', port: sentinel.sentinelPort }],
    nodeClientOptions: { disableOfflineQueue: true },
  });
  client.on('error', () => {});
  clients.push(client);
  await client.connect();
  return createOnesLogin({
    auth,
    secrets: [SECRET],
    origins: [HOST],
    store: new RedisLoginStore(client as never, { subscriber: client as never, replicas: 1 }),
    logger: (event) => logs.push(event),
  });
}

beforeAll(async () => {
  [idp, sentinel] = await Promise.all([startTestIdp(), startTestRedisSentinel()]);
  auth = await backendFor(idp);
  [a, b] = [await instance(), await instance()];
}, 60_000);
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close().catch(() => {})));
  await Promise.all([idp?.stop(), sentinel?.stop()]);
});

const sessionStatus = async (login: OnesLogin, browser: KitBrowser) => {
  const started = Date.now();
  const answer = await login.fetch(
    new Request(`${HOST}/api/auth/session`, { headers: { cookie: browser.cookieHeader() } }),
    {
      clientAddress: '203.0.113.80',
    },
  );
  return (await expectSafeAnswer(answer as Response, started)).status;
};
const logOut = (login: OnesLogin, browser: KitBrowser) =>
  login.fetch(
    new Request(`${HOST}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: browser.cookieHeader(), origin: HOST, 'content-type': 'application/json' },
    }),
    { clientAddress: '203.0.113.80' },
  ) as Promise<Response>;

describe('a Sentinel failover in the middle of traffic', () => {
  it('logouts from before and during the failover hold on every instance after the promotion; live sessions stay live', async () => {
    const [before, during, live] = [
      await loggedInBrowser(a, idp, 'alice', HOST),
      await loggedInBrowser(a, idp, 'bob', HOST),
      await loggedInBrowser(b, idp, 'alice', HOST),
    ];
    const replay = (browser: KitBrowser) => {
      const copy = kitBrowser(b, { origin: HOST });
      for (const [name, value] of browser.cookies) copy.cookies.set(name, value);
      return copy;
    };
    const [beforeCopy, duringCopy] = [replay(before), replay(during)];
    expect((await (await logOut(a, before)).json()).everywhere).toBe(true); // on the replica too
    await sentinel.killMaster();
    const logout = await logOut(a, during);
    expect(logout.status === 200 || logout.status === 202).toBe(true);
    const meanwhile = await sessionStatus(b, live);
    expect([200, 503]).toContain(meanwhile); // never a stale 200 for a logged-out cookie: see below
    expect(await sessionStatus(b, duringCopy)).not.toBe(200);
    await expect
      .poll(() => sentinel.currentMasterPort(), { timeout: 20_000, interval: 200 })
      .toBe(sentinel.replicaPort);
    await expect.poll(() => sessionStatus(b, live), { timeout: 20_000, interval: 200 }).toBe(200);
    await expect.poll(() => sessionStatus(a, live), { timeout: 20_000, interval: 200 }).toBe(200);
    for (const login of [a, b]) {
      expect(await sessionStatus(login, beforeCopy)).toBe(401);
      expect(await sessionStatus(login, duringCopy)).toBe(401);
    }
    // the promoted replica held the data: nothing was taken for lost
    expect(logs.map((event) => event.code)).not.toContain('LOGIN_STORE_DATA_LOST');
  }, 60_000);
});
