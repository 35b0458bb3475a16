import type { DeviceAuthentication, OnesLogEvent } from '@ones.dev/backend-modules';
import {
  createOnesLogin,
  type LoginStore,
  MemoryLoginStore,
  type OnesLogin,
} from '@ones.dev/backend-modules/login';
import {
  buildLoginCode,
  checkCibaStatusClient,
  getSessionClient,
  logInWithQrCodeClient,
  logInWithUsernameClient,
  logOutClient,
  makeCibaRequestClient,
  makeQrSessionClientV2,
  OnesHttpError,
  qrSessionStatusClientV2,
  waitForCibaTokensClient,
  waitForQrAuthRequestClient,
} from '@ones.dev/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../src/index.js';
import { backendFor, rejectionOf, startTestIdp } from './dev-idp-fixture.js';
import { kitBrowser } from './kit-browser.js';

// The login kit against a real OpenID provider: the browser helpers' fetch goes straight into
// `login.fetch(Request)`, and the kit talks to dev-idp over loopback.
const HOST = 'http://127.0.0.1:3000';
const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
let idp: DevIdp;
let auth: DeviceAuthentication;
const logs: OnesLogEvent[] = [];

function kit(options: Partial<Parameters<typeof createOnesLogin>[0]> = {}): OnesLogin {
  return createOnesLogin({
    auth,
    secrets: [SECRET],
    origins: [HOST],
    logger: (e) => logs.push(e),
    ...options,
  });
}

beforeAll(async () => {
  idp = await startTestIdp();
  auth = await backendFor(idp);
});
afterAll(() => idp.stop());

async function getSession(browser: ReturnType<typeof kitBrowser>) {
  const answer = await browser.fetch(`${HOST}/api/auth/session`);
  return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
}

describe('the login kit in session mode (the default)', () => {
  it('CIBA: the browser gets a login code, 202 while pending, then the user; tokens stay in a cookie', async () => {
    const login = kit();
    const browser = kitBrowser(login);
    const started = await makeCibaRequestClient(HOST, 'alice', { fetch: browser.fetch });
    // the kit's own interval, whatever the IdP's (1 s here); the expiry the kit asked for
    expect(started).toMatchObject({ expires_in: 120, interval: 2 });
    expect((started as unknown as { loginCode: string }).loginCode).toBe(buildLoginCode(started.auth_req_id));
    expect(idp.pendingLogins().at(-1)?.loginCode).toBe(buildLoginCode(started.auth_req_id));

    const pending = await rejectionOf(
      checkCibaStatusClient(HOST, started.auth_req_id, { fetch: browser.fetch }),
    );
    expect(pending.response).toMatchObject({ status: 202, data: { status: 'pending' } });

    await idp.approveLogin({ authReqId: started.auth_req_id });
    // a browser waits the interval (2 s) between polls; sooner, the kit would answer slow_down
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const answer = await browser.fetch(`${HOST}/api/auth/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ authRequestId: started.auth_req_id }),
    });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const body = (await answer.json()) as Record<string, unknown>;
    expect(body).toEqual({
      user: expect.objectContaining({ sub: 'user-alice', email: 'alice@example.com' }),
      expiresAt: expect.any(Number),
    });
    expect(JSON.stringify(body)).not.toMatch(/token/);
    expect([...browser.cookies.keys()]).toEqual(['ones-session']);

    await expect(getSession(browser)).resolves.toEqual({ status: 200, body });
    const request = new Request(`${HOST}/orders`, { headers: { cookie: browser.cookieHeader() } });
    await expect(login.session(request)).resolves.toEqual(body);
    const accessToken = await login.accessToken(request, new Headers());
    await expect(auth.tokenIntrospection(accessToken ?? '')).resolves.toMatchObject({
      active: true,
      sub: 'user-alice',
    });
    expect(browser.cookieHeader()).not.toContain(accessToken);
  });

  it('QR: scan → the kit links one CIBA login and hands the browser over → the user', async () => {
    const login = kit();
    const desktop = kitBrowser(login, { address: '203.0.113.9' });
    const session = await makeQrSessionClientV2(HOST, { fetch: desktop.fetch });
    expect(idp.qrSessions().find((s) => s.sessionId === session.sessionId)?.originIp).toBe('203.0.113.9');
    idp.scanQrSession({ sessionId: session.sessionId, username: 'bob' });
    const scanned = await waitForQrAuthRequestClient(HOST, session, { fetch: desktop.fetch });
    expect(scanned).toMatchObject({ expires_in: expect.any(Number), interval: 2 });
    expect((scanned as unknown as { loginCode: string }).loginCode).toBe(
      buildLoginCode(scanned.authRequestId),
    );
    // the QR session is no longer this browser's: the CIBA login is
    const again = await rejectionOf(
      qrSessionStatusClientV2(HOST, session.sessionId, { fetch: desktop.fetch }),
    );
    expect(again.response).toMatchObject({ status: 404, data: { code: 'ERR_LOGIN_NOT_FOUND' } });
    await idp.approveLogin({ authReqId: scanned.authRequestId });
    await rejectionOf(checkCibaStatusClient(HOST, scanned.authRequestId, { fetch: desktop.fetch }));
    expect((await getSession(desktop)).body).toMatchObject({ user: { sub: 'user-bob' } });
  });

  it('Cancel: a QR session before the scan is forgotten; a CIBA login is forgotten and withdrawn from the phone', async () => {
    const login = kit();
    const browser = kitBrowser(login);
    const cancel = (body: Record<string, string>) =>
      browser.fetch(`${HOST}/api/auth/cancel`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const qr = await makeQrSessionClientV2(HOST, { fetch: browser.fetch });
    const cancelled = await cancel({ sessionId: qr.sessionId });
    expect([cancelled.status, await cancelled.json()]).toEqual([200, { cancelled: true, atOnesId: false }]);
    const gone = await rejectionOf(qrSessionStatusClientV2(HOST, qr.sessionId, { fetch: browser.fetch }));
    expect(gone.response).toMatchObject({ status: 404, data: { code: 'ERR_LOGIN_NOT_FOUND' } });
    const started = await makeCibaRequestClient(HOST, 'alice', { fetch: browser.fetch });
    expect(idp.pendingLogins().map((pending) => pending.authReqId)).toContain(started.auth_req_id);
    const withdrawn = await cancel({ authRequestId: started.auth_req_id });
    expect([withdrawn.status, await withdrawn.json()]).toEqual([200, { cancelled: true, atOnesId: true }]);
    // the phone no longer shows it, so nobody can approve it; the browser's status is 404
    expect(idp.pendingLogins().map((pending) => pending.authReqId)).not.toContain(started.auth_req_id);
    await expect(idp.approveLogin({ authReqId: started.auth_req_id })).rejects.toThrow(/no pending login/);
    const after = await rejectionOf(
      checkCibaStatusClient(HOST, started.auth_req_id, { fetch: browser.fetch }),
    );
    expect(after.response).toMatchObject({ status: 404, data: { code: 'ERR_LOGIN_NOT_FOUND' } });
    expect((await getSession(browser)).status).toBe(401);
  });

  it('logout ends the session on the IdP side of the kit: the old cookie, replayed, is refused', async () => {
    const login = kit();
    const browser = kitBrowser(login);
    const started = await makeCibaRequestClient(HOST, 'alice', { fetch: browser.fetch });
    await idp.approveLogin({ authReqId: started.auth_req_id });
    await rejectionOf(checkCibaStatusClient(HOST, started.auth_req_id, { fetch: browser.fetch }));
    const stolen = browser.cookieHeader();
    expect((await getSession(browser)).status).toBe(200);
    const accessToken = await login.accessToken(
      new Request(HOST, { headers: { cookie: stolen } }),
      new Headers(),
    );
    await expect(auth.tokenIntrospection(accessToken ?? '')).resolves.toMatchObject({ active: true });

    const out = await browser.fetch(`${HOST}/api/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(out.status).toBe(200);
    expect(browser.cookies.size).toBe(0);
    expect((await getSession(browser)).status).toBe(401);
    const replay = await login.fetch(
      new Request(`${HOST}/api/auth/session`, { headers: { cookie: stolen } }),
    );
    expect(replay?.status).toBe(401);
    await expect(login.session(new Request(HOST, { headers: { cookie: stolen } }))).resolves.toBeNull();
    // revoked at the IdP too: the access token is no longer active there
    await expect(auth.tokenIntrospection(accessToken ?? '')).resolves.toMatchObject({ active: false });
  });

  it('a forced refresh that failed (the IdP was unreachable) can be retried at once', async () => {
    let unreachable = true;
    // the real DeviceAuthentication, whose first refresh fails as if the IdP were down
    const flaky = new Proxy(auth, {
      get(target, property) {
        if (property === 'refreshAccessToken' && unreachable) {
          return async () => {
            unreachable = false;
            throw new OnesHttpError(
              'ERR_HTTP_NETWORK',
              'POST /oidc/token failed: the server could not be reached',
            );
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const login = kit({ auth: flaky });
    const browser = kitBrowser(login);
    const started = await makeCibaRequestClient(HOST, 'alice', { fetch: browser.fetch });
    await idp.approveLogin({ authReqId: started.auth_req_id });
    await rejectionOf(checkCibaStatusClient(HOST, started.auth_req_id, { fetch: browser.fetch }));
    const refresh = () =>
      browser.fetch(`${HOST}/api/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      });
    const before = idp.requestCounts().token ?? 0;
    expect((await refresh()).status).toBe(502);
    expect((await refresh()).status).toBe(200);
    expect((idp.requestCounts().token ?? 0) - before).toBe(1);
  });

  it('refresh: POST /refresh gets new tokens with the refresh token in the cookie', async () => {
    const login = kit();
    const browser = kitBrowser(login);
    const started = await makeCibaRequestClient(HOST, 'bob', { fetch: browser.fetch });
    await idp.approveLogin({ authReqId: started.auth_req_id });
    await rejectionOf(checkCibaStatusClient(HOST, started.auth_req_id, { fetch: browser.fetch }));
    const before = await login.accessToken(
      new Request(HOST, { headers: { cookie: browser.cookieHeader() } }),
      new Headers(),
    );
    const tokenRequestsBefore = idp.requestCounts().token ?? 0;
    const answer = await browser.fetch(`${HOST}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(200);
    expect(idp.requestCounts().token).toBe(tokenRequestsBefore + 1);
    // a second POST right away does not reach the IdP: forced refreshes are paced per session
    const again = await browser.fetch(`${HOST}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(again.status).toBe(200);
    expect(idp.requestCounts().token).toBe(tokenRequestsBefore + 1);
    const after = await login.accessToken(
      new Request(HOST, { headers: { cookie: browser.cookieHeader() } }),
      new Headers(),
    );
    expect(after).not.toBe(before);
    await expect(auth.tokenIntrospection(after ?? '')).resolves.toMatchObject({
      active: true,
      sub: 'user-bob',
    });
  });
});

describe('two kit instances sharing a store', () => {
  it('refresh one session at once: one refresh at the IdP, both get the new tokens', async () => {
    // a shared store that shows what the kit puts in it
    const memory = new MemoryLoginStore();
    const values: string[] = [];
    const store: LoginStore = {
      increment: (key, window) => memory.increment(key, window),
      add: (key, value, ttl) => memory.add(key, value, ttl),
      get: (key) => memory.get(key),
      delete: (key) => memory.delete(key),
      set: (key, value, ttl) => {
        values.push(value);
        return memory.set(key, value, ttl);
      },
    };
    const first = kit({ store });
    const second = kit({ store });
    const browser = kitBrowser(first);
    const started = await makeCibaRequestClient(HOST, 'alice', { fetch: browser.fetch });
    await idp.approveLogin({ authReqId: started.auth_req_id });
    await rejectionOf(checkCibaStatusClient(HOST, started.auth_req_id, { fetch: browser.fetch }));
    const refresh = (login: OnesLogin) =>
      login.fetch(
        new Request(`${HOST}/api/auth/refresh`, {
          method: 'POST',
          headers: { origin: HOST, 'content-type': 'application/json', cookie: browser.cookieHeader() },
        }),
      );
    const before = idp.requestCounts().token ?? 0;
    const answers = await Promise.all([refresh(first), refresh(second)]);
    expect(answers.map((answer) => answer?.status)).toEqual([200, 200]);
    expect((idp.requestCounts().token ?? 0) - before).toBe(1);
    const tokenOf = async (answer: Response | null) => {
      const cookie = answer?.headers.getSetCookie()[0]?.split(';')[0] ?? '';
      return first.accessToken(new Request(HOST, { headers: { cookie } }), new Headers());
    };
    const [one, two] = await Promise.all(answers.map(tokenOf));
    expect(one).toBe(two);
    // the refresh result in the store is encrypted under its own key: as a cookie it opens nothing
    const sealed = values.filter((value) => value.split('.').length === 5);
    expect(sealed).toHaveLength(1);
    for (const value of sealed) {
      const answer = await first.fetch(
        new Request(`${HOST}/api/auth/session`, { headers: { cookie: `ones-session=${value}` } }),
      );
      expect(answer?.status).toBe(401);
    }
  });
});

describe('the session-mode browser helpers of @ones.dev/common against the kit', () => {
  it('log in by username (the code shown matches the phone), read the session, log out', async () => {
    const browser = kitBrowser(kit());
    await expect(getSessionClient(HOST, { fetch: browser.fetch })).resolves.toBeNull();
    const shown: string[] = [];
    const loggingIn = logInWithUsernameClient(HOST, 'alice', {
      fetch: browser.fetch,
      onStarted: ({ loginCode }) => shown.push(loginCode),
    });
    const prompt = await idp.waitForLogin((login) => login.user.username === 'alice');
    await idp.approveLogin({ authReqId: prompt.authReqId });
    const session = await loggingIn;
    expect(shown).toEqual([prompt.loginCode]);
    expect(session.user).toMatchObject({ sub: 'user-alice', name: expect.any(String) });
    await expect(getSessionClient(HOST, { fetch: browser.fetch })).resolves.toEqual(session);
    await logOutClient(HOST, { fetch: browser.fetch });
    await expect(getSessionClient(HOST, { fetch: browser.fetch })).resolves.toBeNull();
  });

  it('userInfo: the session holds UserInfo’s claims; a UserInfo that fails leaves the ID token’s, with one warning', async () => {
    const logIn = async (login: OnesLogin) => {
      const browser = kitBrowser(login);
      const loggingIn = logInWithUsernameClient(HOST, 'alice', { fetch: browser.fetch });
      const prompt = await idp.waitForLogin((pending) => pending.user.username === 'alice');
      await idp.approveLogin({ authReqId: prompt.authReqId });
      return loggingIn;
    };
    const before = idp.requestCounts().userinfo ?? 0;
    const session = await logIn(kit({ userInfo: true, sessionClaims: ['name', 'birthdate'] }));
    expect(session.user).toEqual({ sub: 'user-alice', name: 'Alice Example', birthdate: '1990-04-01' });
    expect(idp.requestCounts().userinfo).toBe(before + 1);
    // UserInfo unreachable: the login still completes, on the ID token's claims
    const unreachable = await backendFor(idp, { endpoints: { userinfo: 'http://127.0.0.1:1/me' } });
    const warnings = logs.length;
    const fallback = await logIn(kit({ auth: unreachable, userInfo: true }));
    expect(fallback.user).toMatchObject({ sub: 'user-alice' });
    expect(logs.slice(warnings).filter((event) => event.level === 'warn')).toEqual([
      {
        level: 'warn',
        code: 'LOGIN_USERINFO_FAILED',
        message: "login kit: UserInfo failed (ERR_HTTP_NETWORK); the session keeps the ID token's claims",
      },
    ]);
    expect(() => kit({ userInfo: 'yes' as never })).toThrow(
      'createOnesLogin: "userInfo" must be true or false',
    );
    // UserInfo never replaces what only the ID token speaks for, and one about someone else ends the login
    const answering = (answer: Record<string, unknown>) =>
      new Proxy(auth, {
        get: (target, name) => {
          if (name === 'userInfo') return async () => answer;
          const value = Reflect.get(target, name);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    const lying = await logIn(
      kit({
        auth: answering({ sub: 'user-alice', acr: 'urn:forged', auth_time: 1, name: 'Renamed' }),
        userInfo: true,
        sessionClaims: ['name', 'acr', 'auth_time'],
      }),
    );
    expect(lying.user).toMatchObject({ sub: 'user-alice', name: 'Renamed' });
    expect(lying.user.acr).not.toBe('urn:forged');
    expect(lying.user.auth_time).not.toBe(1);
    const someoneElse = kit({ auth: answering({ sub: 'user-bob', name: 'Bob' }), userInfo: true });
    const refused = await rejectionOf(logIn(someoneElse));
    expect(refused.name).toBe('OnesHttpError');
  });

  it('log in by QR code: the content to render, then the code once scanned, then the session', async () => {
    const browser = kitBrowser(kit());
    const scannedCodes: string[] = [];
    const loggingIn = logInWithQrCodeClient(HOST, {
      fetch: browser.fetch,
      onQrCode: ({ content }) =>
        idp.scanQrSession({
          sessionId: (JSON.parse(content) as { sessionId: string }).sessionId,
          username: 'bob',
        }),
      onScanned: ({ loginCode }) => scannedCodes.push(loginCode),
    });
    const prompt = await idp.waitForLogin(
      (login) => login.user.username === 'bob' && login.qrSessionId !== undefined,
    );
    await idp.approveLogin({ authReqId: prompt.authReqId });
    await expect(loggingIn).resolves.toMatchObject({ user: { sub: 'user-bob' } });
    expect(scannedCodes).toEqual([prompt.loginCode]);
  });

  it('a denial on the phone rejects with ERR_OAUTH_ACCESS_DENIED, and no session starts', async () => {
    const browser = kitBrowser(kit());
    const loggingIn = rejectionOf(logInWithUsernameClient(HOST, 'alice', { fetch: browser.fetch }));
    const prompt = await idp.waitForLogin((login) => login.user.username === 'alice');
    await idp.denyLogin({ authReqId: prompt.authReqId });
    expect((await loggingIn).code).toBe('ERR_OAUTH_ACCESS_DENIED');
    await expect(getSessionClient(HOST, { fetch: browser.fetch })).resolves.toBeNull();
  });
});

describe('the login kit in tokens mode (the vendor routes, as the vendor documents them)', () => {
  it('the four browser helpers get the IdP tokens; a stranger gets 404', async () => {
    const login = kit({ mode: 'tokens' });
    const browser = kitBrowser(login);
    const started = await makeCibaRequestClient(HOST, 'alice', { fetch: browser.fetch });
    const stranger = await rejectionOf(
      checkCibaStatusClient(HOST, started.auth_req_id, { fetch: kitBrowser(login).fetch }),
    );
    expect(stranger.response).toMatchObject({ status: 404 });
    await idp.approveLogin({ authReqId: started.auth_req_id });
    const tokens = await waitForCibaTokensClient(HOST, started, { fetch: browser.fetch });
    await expect(auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' })).resolves.toMatchObject({
      sub: 'user-alice',
    });
    expect(tokens).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer' });
    const session = await login.fetch(new Request(`${HOST}/api/auth/session`));
    expect(session?.status).toBe(404);
  });

  it('never logs a token, a cookie or the secret', () => {
    const text = JSON.stringify(logs);
    expect(text).not.toMatch(/eyJ|ones-session=|ones-login=/);
    expect(text).not.toContain(SECRET);
  });
});
