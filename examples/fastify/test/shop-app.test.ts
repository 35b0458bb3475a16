import {
  getSessionClient,
  logInWithQrCodeClient,
  logInWithUsernameClient,
  logOutClient,
} from '@ones.dev/common';
import { type DevIdp, startDevIdp } from '@ones.dev/dev-idp';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendFor } from '../../test-support/backend-for.ts';
import { browser } from '../../test-support/browser.ts';
import { freePort } from '../../test-support/free-port.ts';
import { shopLogin } from '../../test-support/shop-login.ts';
import { createShopApp } from '../src/shop-app.ts';

// The session-mode browser helpers → Fastify → the kit's Node middleware → dev-idp, over loopback.
let idp: DevIdp;
let app: FastifyInstance;
let host: string;

beforeAll(async () => {
  idp = await startDevIdp({ cibaIntervalSeconds: 1 });
  // The kit needs the page origin: pick a free port, build the app for it, then listen.
  const port = await freePort();
  host = `http://127.0.0.1:${port}`;
  app = await createShopApp(
    shopLogin(await backendFor(idp, 'fastify-example', 'Log in to Fastify Shop'), host),
  );
  await app.listen({ port, host: '127.0.0.1' });
});
afterAll(async () => {
  await app.close();
  await idp.stop();
});

describe('the Fastify example (login kit, session mode)', () => {
  it('logs in by username; the app route sees the user; logout ends it', async () => {
    const alice = browser();
    expect((await alice(`${host}/api/me`)).status).toBe(401);
    const loggingIn = logInWithUsernameClient(host, 'alice', { fetch: alice });
    const prompt = await idp.waitForLogin((login) => login.user.username === 'alice');
    expect(prompt.bindingMessage).toBe('Log in to Fastify Shop');
    await idp.approveLogin({ authReqId: prompt.authReqId });
    await expect(loggingIn).resolves.toMatchObject({ user: { sub: 'user-alice' } });
    expect(await (await alice(`${host}/api/me`)).json()).toMatchObject({ user: { sub: 'user-alice' } });
    await logOutClient(host, { fetch: alice });
    await expect(getSessionClient(host, { fetch: alice })).resolves.toBeNull();
  });

  it('logs in by QR code', async () => {
    const desktop = browser();
    const loggingIn = logInWithQrCodeClient(host, {
      fetch: desktop,
      onQrCode: ({ content }) =>
        idp.scanQrSession({
          sessionId: (JSON.parse(content) as { sessionId: string }).sessionId,
          username: 'bob',
        }),
    });
    await idp.approveLogin({
      authReqId: (await idp.waitForLogin((login) => login.user.username === 'bob')).authReqId,
    });
    await expect(loggingIn).resolves.toMatchObject({ user: { sub: 'user-bob' } });
  });

  it("refuses a cross-site form post (403) and a huge body (413); Fastify's own parsers never see them", async () => {
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${host}/api/auth/oidc/bc-authorize`, { method: 'POST', headers, body });
    const form = await post({ origin: 'https://evil.example', 'content-type': 'text/plain' }, 'x');
    const huge = await post(
      { origin: host, 'content-type': 'application/json' },
      JSON.stringify({ userIdentifier: 'a'.repeat(2_000_000) }),
    );
    const malformed = await post({ origin: host, 'content-type': 'application/json' }, '{');
    expect([form.status, huge.status, malformed.status]).toEqual([403, 413, 400]);
    expect(await malformed.json()).toMatchObject({ code: 'ERR_LOGIN_BODY_INVALID' });
  });
});
