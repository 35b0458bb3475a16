import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { OnesLogin } from '@ones.dev/backend-modules/login';
import {
  getSessionClient,
  logInWithQrCodeClient,
  logInWithUsernameClient,
  logOutClient,
} from '@ones.dev/common';
import { type DevIdp, startDevIdp } from '@ones.dev/dev-idp';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendFor } from '../../test-support/backend-for.ts';
import { browser } from '../../test-support/browser.ts';
import { shopLogin } from '../../test-support/shop-login.ts';
import { createShopApp } from '../src/shop-app.ts';

// The session-mode browser helpers of @ones.dev/common → Express → the kit's Node middleware →
// @ones.dev/backend-modules → a real OpenID provider (dev-idp), over loopback HTTP.
let idp: DevIdp;
let server: Server;
let host: string;
let login: OnesLogin;

beforeAll(async () => {
  idp = await startDevIdp({ cibaIntervalSeconds: 1 });
  server = createServer();
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  login = shopLogin(await backendFor(idp, 'express-example', 'Log in to Express Shop'), host);
  server.on('request', createShopApp(login));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await idp.stop();
});

const post = (path: string, init: RequestInit) => fetch(`${host}${path}`, { method: 'POST', ...init });

describe('the Express example (login kit, session mode)', () => {
  it('logs in by username; the app route sees the user; logout ends it', async () => {
    const alice = browser();
    expect((await alice(`${host}/api/me`)).status).toBe(401);
    const loggingIn = logInWithUsernameClient(host, 'alice', { fetch: alice });
    const prompt = await idp.waitForLogin((pending) => pending.user.username === 'alice');
    expect(prompt.bindingMessage).toBe('Log in to Express Shop');
    await idp.approveLogin({ authReqId: prompt.authReqId });
    await expect(loggingIn).resolves.toMatchObject({ user: { sub: 'user-alice' } });
    const me = await alice(`${host}/api/me`);
    expect(await me.json()).toMatchObject({
      greeting: expect.stringMatching(/^Hello /),
      user: { sub: 'user-alice' },
    });
    await logOutClient(host, { fetch: alice });
    await expect(getSessionClient(host, { fetch: alice })).resolves.toBeNull();
    expect((await alice(`${host}/api/me`)).status).toBe(401);
  });

  it('logs in by QR code, the browser address reaching the IdP as originIp', async () => {
    const desktop = browser();
    const loggingIn = logInWithQrCodeClient(host, {
      fetch: desktop,
      onQrCode: ({ content }) => {
        const { sessionId } = JSON.parse(content) as { sessionId: string };
        expect(idp.qrSessions().find((session) => session.sessionId === sessionId)?.originIp).toBe(
          '127.0.0.1',
        );
        idp.scanQrSession({ sessionId, username: 'bob' });
      },
    });
    const prompt = await idp.waitForLogin((pending) => pending.user.username === 'bob');
    await idp.approveLogin({ authReqId: prompt.authReqId });
    await expect(loggingIn).resolves.toMatchObject({ user: { sub: 'user-bob' } });
  });

  it('through Express too: a cross-site form post is 403, a 1 MB body 413, malformed JSON a JSON 400', async () => {
    const before = idp.requestCounts()['bc-authorize'] ?? 0;
    const form = await post('/api/auth/oidc/bc-authorize', {
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'userIdentifier=alice',
    });
    const huge = await post('/api/auth/oidc/bc-authorize', {
      headers: { origin: host, 'content-type': 'application/json' },
      body: JSON.stringify({ userIdentifier: 'a'.repeat(1_000_000) }),
    });
    const malformed = await post('/api/auth/oidc/bc-authorize', {
      headers: { origin: host, 'content-type': 'application/json' },
      body: '{"userIdentifier":',
    });
    expect([form.status, huge.status, malformed.status]).toEqual([403, 413, 400]);
    expect(await malformed.json()).toEqual({
      statusCode: 400,
      code: 'ERR_LOGIN_BODY_INVALID',
      message: 'the body is not valid JSON',
    });
    expect(malformed.headers.get('cache-control')).toBe('no-store');
    expect(idp.requestCounts()['bc-authorize'] ?? 0).toBe(before);
  });

  it('a Host header that makes no URL changes nothing: the kit answers by the path Node received, in JSON', async () => {
    const { port } = server.address() as AddressInfo;
    const answer = await new Promise<{ status: number; body: string }>((done, fail) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'GET',
          path: '/api/auth/session',
          headers: { host: 'bad host:1' },
        },
        (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => done({ status: response.statusCode ?? 0, body }));
        },
      );
      request.on('error', fail);
      request.end();
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'ERR_LOGIN_NO_SESSION' });
  });

  it('a Host header cannot turn one route into another (Host: x/api/auth/logout?)', async () => {
    const { port } = server.address() as AddressInfo;
    const answer = await new Promise<{ status: number; body: string }>((done, fail) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/auth/refresh',
          headers: { host: 'x/api/auth/logout?', origin: host, 'content-type': 'application/json' },
        },
        (response) => {
          let body = '';
          response.on('data', (chunk) => (body += chunk));
          response.on('end', () => done({ status: response.statusCode ?? 0, body }));
        },
      );
      request.on('error', fail);
      request.end('{}');
    });
    // the refresh route answered (no session), not the logout route the Host named
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toMatchObject({ code: 'ERR_LOGIN_NO_SESSION' });
  });

  it('a forged session cookie gets 401 from the app route', async () => {
    const answer = await fetch(`${host}/api/me`, { headers: { cookie: 'ones-session=forged' } });
    expect(answer.status).toBe(401);
  });

  it('still works behind a JSON body parser that ran first (the parsed body is used)', async () => {
    const other = createServer(express().use(express.json()).use(login.node));
    await new Promise<void>((ready) => other.listen(0, '127.0.0.1', ready));
    const otherHost = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      const answer = await fetch(`${otherHost}/api/auth/oidc/bc-authorize`, {
        method: 'POST',
        headers: { origin: host, 'content-type': 'application/json' },
        body: JSON.stringify({ userIdentifier: 'alice' }),
      });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({
        auth_req_id: expect.any(String),
        loginCode: expect.any(String),
      });
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
