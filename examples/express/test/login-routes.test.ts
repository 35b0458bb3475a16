import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendFor } from '../../test-support/backend-for.ts';
import { browser, rejectionOf } from '../../test-support/browser.ts';
import { createLoginRouter } from '../src/login-routes.ts';

// The browser helpers of @ones.dev/common → this Express router → @ones.dev/backend-modules → a
// real OpenID provider (dev-idp), all over loopback HTTP. Each "browser" keeps its own cookies.
let idp: DevIdp;
let server: Server;
let host: string;
let auth: DeviceAuthentication;

beforeAll(async () => {
  idp = await startDevIdp({ cibaIntervalSeconds: 1 });
  auth = await backendFor(idp, 'express-example', 'Log in to Express Shop');
  const app = express().use(createLoginRouter(auth));
  server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await idp.stop();
});

describe('the Express example', () => {
  it('CIBA by username: 400 pending as the vendor documents, then tokens after approval', async () => {
    const alice = browser();
    const login = await makeCibaRequestClient(host, 'alice', { fetch: alice });
    expect(login).toEqual({ auth_req_id: expect.any(String), expires_in: 120, interval: 1 });
    const pending = await rejectionOf(checkCibaStatusClient(host, login.auth_req_id, { fetch: alice }));
    expect(pending.code).toBe('ERR_OAUTH_AUTHORIZATION_PENDING');
    expect(pending.response).toEqual({
      status: 400,
      data: { error: 'authorization_pending', error_description: expect.any(String) },
    });
    expect((await idp.waitForLogin()).bindingMessage).toBe('Log in to Express Shop');
    await idp.approveLogin({ authReqId: login.auth_req_id });
    const tokens = await waitForCibaTokensClient(host, login, { fetch: alice });
    await expect(auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' })).resolves.toMatchObject({
      sub: 'user-alice',
    });
  });

  it('another browser cannot pick up a login it did not start (404), and a denial reaches the browser', async () => {
    const alice = browser();
    const login = await makeCibaRequestClient(host, 'alice@example.com', {
      fetch: alice,
      loginHintKind: 'email',
    });
    const stranger = await rejectionOf(checkCibaStatusClient(host, login.auth_req_id, { fetch: browser() }));
    expect((stranger.response as { status: number }).status).toBe(404);
    await idp.denyLogin({ authReqId: login.auth_req_id });
    const denied = await rejectionOf(waitForCibaTokensClient(host, login, { fetch: alice }));
    expect(denied.code).toBe('ERR_OAUTH_ACCESS_DENIED');
  });

  it('QR login: make → the phone scans → the status route hands over the CIBA login → tokens; strangers get 404', async () => {
    const desktop = browser();
    const session = await makeQrSessionClientV2(host, { fetch: desktop });
    expect(idp.qrSessions().find((s) => s.sessionId === session.sessionId)?.originIp).toBe('127.0.0.1');
    const peeker = await rejectionOf(qrSessionStatusClientV2(host, session.sessionId, { fetch: browser() }));
    expect(peeker.code).toBe('ERR_QR_SESSION_NOT_FOUND');
    idp.scanQrSession({ sessionId: session.sessionId, username: 'bob' });
    const scanned = await waitForQrAuthRequestClient(host, session, { fetch: desktop });
    expect(scanned.authRequestId).toEqual(expect.any(String));
    await idp.approveLogin({ authReqId: scanned.authRequestId });
    const tokens = await waitForCibaTokensClient(
      host,
      { auth_req_id: scanned.authRequestId, expires_in: 60, interval: 1 },
      { fetch: desktop },
    );
    await expect(auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' })).resolves.toMatchObject({
      sub: 'user-bob',
    });
    const gone = await rejectionOf(qrSessionStatusClientV2(host, session.sessionId, { fetch: desktop }));
    expect(gone.code).toBe('ERR_QR_SESSION_NOT_FOUND');
  });

  it('refuses a malformed body with 400 and never leaks IdP details', async () => {
    const response = await fetch(`${host}/api/auth/oidc/bc-authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userIdentifier: '' }),
    });
    expect(response.status).toBe(400);
    const unknown = await fetch(`${host}/api/auth/oidc/bc-authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userIdentifier: 'mallory' }),
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: 'unknown_user_id' });
  });

  it('attacks: a forged cookie gets 404; a cross-site form post and a huge body start no login', async () => {
    const alice = browser();
    const login = await makeCibaRequestClient(host, 'alice', { fetch: alice });
    const forged = await fetch(`${host}/api/auth/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'ones_login=forged-browser-id' },
      body: JSON.stringify({ authRequestId: login.auth_req_id }),
    });
    expect(forged.status).toBe(404);

    const loginsBefore = idp.requestCounts()['bc-authorize'];
    // what another site's <form method="post"> can send: no JSON, so no body the route reads
    const crossSite = await fetch(`${host}/api/auth/oidc/bc-authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: 'userIdentifier=alice',
    });
    expect(crossSite.status).toBe(400);
    const huge = await fetch(`${host}/api/auth/oidc/bc-authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userIdentifier: 'a'.repeat(100_000) }),
    });
    expect(huge.status).toBe(413);
    expect(idp.requestCounts()['bc-authorize']).toBe(loginsBefore);
  });
});
