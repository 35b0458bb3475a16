import type { DeviceAuthentication } from '@ones.dev/backend-modules';
import {
  checkCibaStatusClient,
  makeCibaRequestClient,
  makeQrSessionClientV2,
  qrSessionStatusClientV2,
  waitForCibaTokensClient,
  waitForQrAuthRequestClient,
} from '@ones.dev/common';
import { type DevIdp, startDevIdp } from '@ones.dev/dev-idp';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendFor } from '../../test-support/backend-for.ts';
import { browser, rejectionOf } from '../../test-support/browser.ts';
import { createLoginApp } from '../src/login-app.ts';

// Web-standard all the way: the browser helpers' fetch goes straight into `app.fetch(Request)`, no
// server, and the app talks to a real OpenID provider (dev-idp) over loopback.
const HOST = 'http://127.0.0.1:3000';
let idp: DevIdp;
let app: Hono;
let auth: DeviceAuthentication;

beforeAll(async () => {
  idp = await startDevIdp({ cibaIntervalSeconds: 1 });
  auth = await backendFor(idp, 'hono-example', 'Log in to Hono Shop');
  app = createLoginApp(auth, () => '203.0.113.9');
});
afterAll(() => idp.stop());

describe('the web-standard (Hono) example', () => {
  it('CIBA: 400 pending, then tokens after approval; a stranger gets 404', async () => {
    const alice = browser((request) => app.fetch(request));
    const login = await makeCibaRequestClient(HOST, 'alice', { fetch: alice });
    const pending = await rejectionOf(checkCibaStatusClient(HOST, login.auth_req_id, { fetch: alice }));
    expect(pending.response).toMatchObject({ status: 400, data: { error: 'authorization_pending' } });
    const stranger = await rejectionOf(
      checkCibaStatusClient(HOST, login.auth_req_id, { fetch: browser((request) => app.fetch(request)) }),
    );
    expect((stranger.response as { status: number }).status).toBe(404);
    await idp.approveLogin({ authReqId: login.auth_req_id });
    const tokens = await waitForCibaTokensClient(HOST, login, { fetch: alice });
    await expect(auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' })).resolves.toMatchObject({
      sub: 'user-alice',
    });
  });

  it('QR: the browser address reaches the IdP; scan → authRequestId → tokens; unknown afterwards', async () => {
    const desktop = browser((request) => app.fetch(request));
    const session = await makeQrSessionClientV2(HOST, { fetch: desktop });
    expect(idp.qrSessions().find((s) => s.sessionId === session.sessionId)?.originIp).toBe('203.0.113.9');
    idp.scanQrSession({ sessionId: session.sessionId, username: 'alice' });
    const scanned = await waitForQrAuthRequestClient(HOST, session, { fetch: desktop });
    await idp.approveLogin({ authReqId: scanned.authRequestId });
    const tokens = await waitForCibaTokensClient(
      HOST,
      { auth_req_id: scanned.authRequestId, expires_in: 60, interval: 1 },
      { fetch: desktop },
    );
    expect(tokens.access_token).toEqual(expect.any(String));
    expect(
      (await rejectionOf(qrSessionStatusClientV2(HOST, session.sessionId, { fetch: desktop }))).code,
    ).toBe('ERR_QR_SESSION_NOT_FOUND');
  });
});
