import type { OnesLogin } from '@ones.dev/backend-modules/login';
import { logInWithUsernameClient, makeCibaRequestClient } from '@ones.dev/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KitBrowser, kitBrowser, loggedInBrowser } from '../integration/kit-browser.js';
import { expectSafeAnswer, type FaultBench, HOST, startFaultBench } from './fault-bench.js';

// The login kit's guarantees when production breaks: Redis killed, frozen, slow or cut off; the IdP
// and the device's signer failing or hanging. Every piece is real (dev-idp, redis-server, node-redis,
// TCP and HTTP proxies on loopback); each test says what the browser gets and what still holds.
let bench: FaultBench;
let a: OnesLogin;
let b: OnesLogin;

beforeAll(async () => {
  bench = await startFaultBench();
  [a, b] = [await bench.instance(), await bench.instance()];
}, 30_000);
afterAll(() => bench?.stop());

/** A browser holding a copy of `browser`'s cookies, whose requests go to `login`. */
function replayOf(browser: KitBrowser, login: OnesLogin, address = '198.51.100.66'): KitBrowser {
  const copy = kitBrowser(login, { origin: HOST, address });
  for (const [name, value] of browser.cookies) copy.cookies.set(name, value);
  return copy;
}

const at = (login: OnesLogin, path: string, browser: KitBrowser, init: RequestInit = {}) =>
  login.fetch(
    new Request(`${HOST}/api/auth${path}`, {
      ...init,
      headers: {
        cookie: browser.cookieHeader(),
        ...(init.method === 'POST' ? { origin: HOST, 'content-type': 'application/json' } : {}),
      },
    }),
    { clientAddress: '203.0.113.50' },
  ) as Promise<Response>;

/** Waits until both instances trust Redis again (a session check answers 200 for a live session). */
async function untilShared(browser: KitBrowser) {
  for (const login of [a, b]) {
    await expect
      .poll(async () => (await at(login, '/session', browser)).status, { timeout: 10_000, interval: 100 })
      .toBe(200);
  }
}

describe('Redis killed, frozen, slow or cut off', () => {
  it('killed (SIGKILL) during a logout: 202 everywhere:false, the other instance refuses (503) meanwhile; after the restart both refuse the cookie', async () => {
    const live = await loggedInBrowser(a, bench.idp, 'bob', HOST);
    const alice = await loggedInBrowser(a, bench.idp, 'alice', HOST);
    const replayOnB = replayOf(alice, b);
    await bench.redis.kill();
    let started = Date.now();
    const logout = await expectSafeAnswer(
      await at(a, '/logout', alice, { method: 'POST', body: '{}' }),
      started,
    );
    expect(logout).toEqual({ status: 202, body: { loggedOut: true, everywhere: false } });
    started = Date.now();
    const meanwhile = await expectSafeAnswer(await at(b, '/session', replayOnB), started);
    expect([meanwhile.status, meanwhile.body.code]).toEqual([503, 'ERR_LOGIN_STORE_UNAVAILABLE']);
    await bench.redis.restart();
    // the restarted Redis is empty: sessions from before it went down are refused too (their
    // logouts may be lost), and the kept logout is written for later ones
    await expect
      .poll(async () => (await at(b, '/session', replayOnB)).status, { timeout: 10_000, interval: 100 })
      .toBe(401);
    expect((await at(a, '/session', replayOf(alice, a))).status).toBe(401);
    expect((await at(b, '/session', live)).status).toBe(401);
    expect(bench.logs.map((event) => event.code)).toContain('LOGIN_STORE_DATA_LOST');
    const fresh = await loggedInBrowser(b, bench.idp, 'bob', HOST);
    await untilShared(fresh);
  }, 30_000);

  it('frozen 2 s (SIGSTOP) during a logout: answered in time as 202; the other instance never serves the cookie; once Redis runs again, it refuses it', async () => {
    const alice = await loggedInBrowser(a, bench.idp, 'alice', HOST);
    await untilShared(alice);
    const replayOnB = replayOf(alice, b);
    bench.redis.pause();
    try {
      let started = Date.now();
      const logout = await expectSafeAnswer(
        await at(a, '/logout', alice, { method: 'POST', body: '{}' }),
        started,
      );
      expect(logout.status).toBe(202);
      expect(Date.now() - started).toBeLessThan(1_500);
      started = Date.now();
      expect((await expectSafeAnswer(await at(b, '/session', replayOnB), started)).status).toBe(503);
    } finally {
      setTimeout(() => bench.redis.resume(), 1_000);
    }
    await expect
      .poll(async () => (await at(b, '/session', replayOnB)).status, { timeout: 10_000, interval: 100 })
      .toBe(401);
  }, 30_000);

  it('slow (800 ms each way): sessions are refused within a second rather than served unchecked; logins still start; all is shared again once it is fast', async () => {
    const alice = await loggedInBrowser(a, bench.idp, 'alice', HOST);
    await untilShared(alice);
    bench.redisLink.latencyMs = 800;
    try {
      const started = Date.now();
      const slow = await expectSafeAnswer(await at(b, '/session', alice), started);
      expect(slow.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(1_500);
      const browser = kitBrowser(b, { origin: HOST, address: '198.51.100.90' });
      const begun = Date.now();
      await expect(makeCibaRequestClient(HOST, 'bob', { fetch: browser.fetch })).resolves.toMatchObject({
        interval: 2,
      });
      expect(Date.now() - begun).toBeLessThan(5_000);
    } finally {
      bench.redisLink.latencyMs = 0;
    }
    await untilShared(alice);
  }, 30_000);

  it('cut off (every connection reset) in the middle of 10 logins: they all complete, and no answer takes over 5 s', async () => {
    const alice = await loggedInBrowser(a, bench.idp, 'alice', HOST);
    await untilShared(alice);
    for (const prompt of bench.idp.pendingLogins())
      await bench.idp.denyLogin({ authReqId: prompt.authReqId });
    const logins = Array.from({ length: 10 }, (_, index) => {
      const browser = kitBrowser(index % 2 === 0 ? a : b, { origin: HOST, address: `192.0.2.${index + 10}` });
      return logInWithUsernameClient(HOST, index % 2 === 0 ? 'alice' : 'bob', {
        fetch: browser.fetch,
        timeoutMs: 10_000,
      });
    });
    await expect.poll(() => bench.idp.pendingLogins().length, { timeout: 10_000, interval: 50 }).toBe(10);
    bench.redisLink.cut();
    for (const prompt of bench.idp.pendingLogins())
      await bench.idp.approveLogin({ authReqId: prompt.authReqId });
    const sessions = await Promise.all(logins);
    expect(sessions.map((session) => session.user.sub).sort()).toEqual([
      ...Array(5).fill('user-alice'),
      ...Array(5).fill('user-bob'),
    ]);
    await untilShared(alice);
  }, 30_000);
});

describe('the IdP and the signer failing', () => {
  it.each([
    ['500', { kind: 'status', status: 500 } as const],
    ['503', { kind: 'status', status: 503 } as const],
    ['no answer', { kind: 'hang' } as const],
  ])(
    'the IdP answering %s: a login start is 502 ERR_LOGIN_IDP_UNAVAILABLE within 5 s, JSON, nothing of the IdP in it',
    async (_name, mode) => {
      const alice = await loggedInBrowser(a, bench.idp, 'alice', HOST);
      bench.idpProxy.mode = mode;
      try {
        const started = Date.now();
        const start = await expectSafeAnswer(
          await at(b, '/oidc/bc-authorize', alice, {
            method: 'POST',
            body: JSON.stringify({ userIdentifier: 'bob' }),
          }),
          started,
        );
        expect([start.status, start.body.code]).toEqual([502, 'ERR_LOGIN_IDP_UNAVAILABLE']);
        expect(JSON.stringify(start.body)).not.toMatch(/fault proxy|html/i);
        // an existing session is the kit's to answer: no IdP needed
        expect((await at(b, '/session', alice)).status).toBe(200);
        // a logout while the IdP fails still ends the session (its revocation fails, and is logged)
        const begun = Date.now();
        expect(
          (await expectSafeAnswer(await at(b, '/logout', alice, { method: 'POST', body: '{}' }), begun))
            .status,
        ).toBe(200);
        expect((await at(a, '/session', replayOf(alice, a))).status).toBe(401);
      } finally {
        bench.idpProxy.mode = { kind: 'pass' };
      }
    },
    30_000,
  );

  it.each([
    ['503', { kind: 'status', status: 503 } as const],
    ['no answer', { kind: 'hang' } as const],
  ])(
    'the signer answering %s: a login start is 502 within 5 s; sessions go on',
    async (_name, mode) => {
      const alice = await loggedInBrowser(a, bench.idp, 'alice', HOST);
      bench.signerProxy.mode = mode;
      try {
        const started = Date.now();
        const start = await expectSafeAnswer(
          await at(a, '/oidc/bc-authorize', alice, {
            method: 'POST',
            body: JSON.stringify({ userIdentifier: 'bob' }),
          }),
          started,
        );
        expect([start.status, start.body.code]).toEqual([502, 'ERR_LOGIN_IDP_UNAVAILABLE']);
        expect((await at(a, '/session', alice)).status).toBe(200);
      } finally {
        bench.signerProxy.mode = { kind: 'pass' };
      }
    },
    30_000,
  );
});
