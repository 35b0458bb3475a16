import {
  getSessionClient,
  logInWithQrCodeClient,
  logInWithUsernameClient,
  logOutClient,
} from '@ones.dev/common';
import { type DevIdp, startDevIdp } from '@ones.dev/dev-idp';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendFor } from '../../test-support/backend-for.ts';
import { browser } from '../../test-support/browser.ts';
import { shopLogin } from '../../test-support/shop-login.ts';
import { createShopApp } from '../src/shop-app.ts';

// Web-standard all the way: the browser helpers' fetch goes straight into `app.fetch(Request)`, no
// server, and the kit talks to a real OpenID provider (dev-idp) over loopback.
const HOST = 'http://127.0.0.1:3000';
let idp: DevIdp;
let app: Hono;

beforeAll(async () => {
  idp = await startDevIdp({ cibaIntervalSeconds: 1 });
  const login = shopLogin(await backendFor(idp, 'hono-example', 'Log in to Hono Shop'), HOST);
  app = createShopApp(login, () => '203.0.113.9');
});
afterAll(() => idp.stop());

describe('the web-standard (Hono) example', () => {
  it('logs in by username; the app route sees the user; logout ends it', async () => {
    const alice = browser((request) => app.fetch(request));
    const loggingIn = logInWithUsernameClient(HOST, 'alice', { fetch: alice });
    await idp.approveLogin({ authReqId: (await idp.waitForLogin()).authReqId });
    await expect(loggingIn).resolves.toMatchObject({ user: { sub: 'user-alice' } });
    expect(await (await alice(`${HOST}/api/me`)).json()).toMatchObject({ user: { sub: 'user-alice' } });
    await logOutClient(HOST, { fetch: alice });
    expect((await alice(`${HOST}/api/me`)).status).toBe(401);
    await expect(getSessionClient(HOST, { fetch: alice })).resolves.toBeNull();
  });

  it('QR: the address the runtime gives reaches the IdP as originIp', async () => {
    const desktop = browser((request) => app.fetch(request));
    const loggingIn = logInWithQrCodeClient(HOST, {
      fetch: desktop,
      onQrCode: ({ content }) => {
        const { sessionId } = JSON.parse(content) as { sessionId: string };
        expect(idp.qrSessions().find((session) => session.sessionId === sessionId)?.originIp).toBe(
          '203.0.113.9',
        );
        idp.scanQrSession({ sessionId, username: 'bob' });
      },
    });
    await idp.approveLogin({
      authReqId: (await idp.waitForLogin((login) => login.user.username === 'bob')).authReqId,
    });
    await expect(loggingIn).resolves.toMatchObject({ user: { sub: 'user-bob' } });
  });

  it('a cross-site form post is 403 and a huge body 413, before the IdP hears of it', async () => {
    const before = idp.requestCounts()['bc-authorize'] ?? 0;
    const form = await app.fetch(
      new Request(`${HOST}/api/auth/oidc/bc-authorize`, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
        body: '{"userIdentifier":"alice"}',
      }),
    );
    const huge = await app.fetch(
      new Request(`${HOST}/api/auth/oidc/bc-authorize`, {
        method: 'POST',
        headers: { origin: HOST, 'content-type': 'application/json' },
        body: JSON.stringify({ userIdentifier: 'a'.repeat(100_000) }),
      }),
    );
    expect([form.status, huge.status]).toEqual([403, 413]);
    expect(idp.requestCounts()['bc-authorize'] ?? 0).toBe(before);
  });
});
