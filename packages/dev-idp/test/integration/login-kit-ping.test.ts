import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeviceAuthentication } from '@ones.dev/backend-modules';
import { createOnesLogin, type OnesLogin, RedisLoginStore } from '@ones.dev/backend-modules/login';
import {
  checkCibaStatusClient,
  logInWithQrCodeClient,
  logInWithUsernameClient,
  makeCibaRequestClient,
} from '@ones.dev/common';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../../../test-support/redis-server.js';
import type { DevIdp } from '../../src/index.js';
import { backendFor, rejectionOf, startTestIdp } from './dev-idp-fixture.js';
import { kitBrowser } from './kit-browser.js';

// CIBA ping mode through the login kit, against dev-idp with the device registered for ping. The
// kit's notification route is served over HTTP (the IdP calls it); the browsers' requests go straight
// into `login.fetch`. Two instances share one Redis (Debian's redis-server on loopback).
const HOST = 'http://127.0.0.1:3000';
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
let idp: DevIdp;
let auth: DeviceAuthentication;
let redis: TestRedis;
let client: ReturnType<typeof createClient>;
let server: Server;
/** The instance the IdP's notifications reach. */
let notified: OnesLogin;
/** Another instance, sharing only the secret and the Redis. */
let other: OnesLogin;

beforeAll(async () => {
  server = createServer((request, response) => notified.node(request, response));
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const notifyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/ciba/notify`;
  [idp, redis] = await Promise.all([startTestIdp({ cibaPingEndpoint: notifyUrl }), startTestRedis()]);
  auth = await backendFor(idp);
  client = createClient(redis.clientOptions);
  client.on('error', () => {});
  await client.connect();
  const instance = () =>
    createOnesLogin({
      auth,
      secrets: [SECRET],
      origins: [HOST],
      store: new RedisLoginStore(client),
      cibaPing: true,
    });
  [notified, other] = [instance(), instance()];
}, 30_000);

afterAll(async () => {
  server?.closeAllConnections();
  server?.close();
  client?.destroy();
  await Promise.all([idp?.stop(), redis?.stop()]);
});

/** The IdP's token requests so far. */
const tokenRequests = () => idp.requestCounts().token ?? 0;

/** A notification as the IdP would send it, from whoever. */
function notify(authorization: string | undefined, body: unknown, type = 'application/json') {
  return fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/auth/ciba/notify`, {
    method: 'POST',
    headers: { 'content-type': type, ...(authorization === undefined ? {} : { authorization }) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('the login kit in CIBA ping mode', () => {
  it('holds the status request and answers when the IdP says the phone approved: one token request per login', async () => {
    const browser = kitBrowser(other, { origin: HOST }); // waits on the instance that is not notified
    const before = tokenRequests();
    const loggingIn = logInWithUsernameClient(HOST, 'alice', { fetch: browser.fetch });
    const prompt = await idp.waitForLogin((login) => login.user.username === 'alice');
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // a status request is held by now
    expect(tokenRequests()).toBe(before); // held, not polling the IdP
    await idp.approveLogin({ authReqId: prompt.authReqId });
    expect(idp.pingsSent().at(-1)).toEqual({ authReqId: prompt.authReqId, status: 204 });
    await expect(loggingIn).resolves.toMatchObject({ user: { sub: 'user-alice' } });
    expect(tokenRequests() - before).toBe(1);
  });

  it('a QR login hands over to a ping-mode CIBA login', async () => {
    const browser = kitBrowser(notified, { origin: HOST, address: '198.51.100.7' });
    let before = 0;
    const loggingIn = logInWithQrCodeClient(HOST, {
      fetch: browser.fetch,
      onQrCode: ({ content }) => {
        before = tokenRequests(); // after the device access token that QR sessions need
        const { sessionId } = JSON.parse(content) as { sessionId: string };
        idp.scanQrSession({ sessionId, username: 'bob' });
      },
    });
    const prompt = await idp.waitForLogin((login) => login.user.username === 'bob');
    await idp.approveLogin({ authReqId: prompt.authReqId });
    await expect(loggingIn).resolves.toMatchObject({ user: { sub: 'user-bob' } });
    expect(tokenRequests() - before).toBe(1);
  });

  it('an unknown user stand-in is held exactly like a real pending login, and neither asks the IdP', async () => {
    const quick = createOnesLogin({
      auth,
      secrets: [SECRET],
      origins: [HOST],
      store: new RedisLoginStore(client),
      cibaPing: { holdSeconds: 1 },
    });
    const held = async (username: string, address: string) => {
      const browser = kitBrowser(quick, { origin: HOST, address });
      const started = await makeCibaRequestClient(HOST, username, { fetch: browser.fetch });
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the browser keeps to the interval
      const before = tokenRequests();
      const at = Date.now();
      const pending = await rejectionOf(
        checkCibaStatusClient(HOST, started.auth_req_id, { fetch: browser.fetch }),
      );
      return { ms: Date.now() - at, status: pending.response, idp: tokenRequests() - before };
    };
    const [real, standIn] = await Promise.all([
      held('alice', '198.51.100.21'),
      held('nobody-at-all', '198.51.100.22'),
    ]);
    for (const answer of [real, standIn]) {
      expect(answer.status).toEqual({ status: 202, data: { status: 'pending' } });
      expect(answer.ms).toBeGreaterThanOrEqual(950);
    }
    expect(real.idp + standIn.idp).toBe(0);
    await idp.denyLogin({
      authReqId: (await idp.waitForLogin((login) => login.user.username === 'alice')).authReqId,
    });
  });

  it('a status request whose browser is gone fetches nothing: the tokens wait for the next one', async () => {
    const browser = kitBrowser(notified, { origin: HOST, address: '198.51.100.31' });
    const started = await makeCibaRequestClient(HOST, 'alice', { fetch: browser.fetch });
    await idp.approveLogin({ authReqId: started.auth_req_id }); // the notification is in
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the browser keeps to the interval
    const before = tokenRequests();
    const gone = new AbortController();
    gone.abort();
    const answer = await browser.fetch(`${HOST}/api/auth/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ authRequestId: started.auth_req_id }),
      signal: gone.signal,
    });
    expect([answer.status, await answer.json()]).toEqual([202, { status: 'pending' }]);
    expect(tokenRequests()).toBe(before); // nothing taken from the IdP for a browser that left
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const next = await browser.fetch(`${HOST}/api/auth/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ authRequestId: started.auth_req_id }),
    });
    expect(next.status).toBe(200);
    expect(await next.json()).toMatchObject({ user: { sub: 'user-alice' } });
  });

  it('refuses a notification with a wrong, missing or replayed-for-another-login token, and unknown ids alike', async () => {
    const browser = kitBrowser(notified, { origin: HOST, address: '198.51.100.8' });
    void logInWithUsernameClient(HOST, 'bob', { fetch: browser.fetch, timeoutMs: 2_000 }).catch(() => {});
    const prompt = await idp.waitForLogin((login) => login.user.username === 'bob');
    const answers = await Promise.all([
      notify('Bearer forged-token-forged-token-forged', { auth_req_id: prompt.authReqId }),
      notify(undefined, { auth_req_id: prompt.authReqId }),
      notify('Basic Zm9vOmJhcg==', { auth_req_id: prompt.authReqId }),
      notify('Bearer forged-token-forged-token-forged', {
        auth_req_id: 'no-such-login-id-no-such-login-id-000000',
      }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404]);
    const bodies = await Promise.all(answers.map((answer) => answer.json()));
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1); // no oracle
    expect(answers[0]?.headers.get('www-authenticate')).toBe('Bearer');
    // not JSON, or too big: refused before anything is looked up
    expect((await notify('Bearer x', 'auth_req_id=1', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await notify('Bearer x', { auth_req_id: 'x'.repeat(10_000) })).status).toBe(413);
    await idp.denyLogin({ authReqId: prompt.authReqId });
  });
});
