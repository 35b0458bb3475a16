import {
  logOutClient,
  makeCibaRequestClient,
  makeQrSessionClientV2,
  waitForQrAuthRequestClient,
} from '@ones.dev/common';
import { renderQrCodeSvg } from '@ones.dev/common/qr';
import { DEMO_USERS, type DevIdp, startDevIdp } from '@ones.dev/dev-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kitBrowser, loggedInBrowser } from '../../packages/dev-idp/test/integration/kit-browser.js';
import { RUNTIMES, type RuntimeServer, startRuntimeServer } from './runtime-server.js';

// The SDK on Bun and Deno, as a customer runs it there: the built packages (what npm installs),
// DeviceAuthentication against dev-idp (which stays on Node), the login kit in session mode served by
// the runtime's own server through `login.fetch`, its attack tests that need no Node internals, and
// @ones.dev/common's helpers run by the runtime. Needs `pnpm build` (npm test builds first).
const ORIGIN = 'http://127.0.0.1:3000';
const SECRET = 'a-runtime-test-secret-that-is-long-enough-0123';
let idp: DevIdp;

beforeAll(async () => {
  // more users than the demo's two: the kit prompts one user at most 3 times from one network
  const more = ['carol', 'dave'].map((username) => ({
    username,
    sub: `user-${username}`,
    email: `${username}@example.com`,
  }));
  idp = await startDevIdp({ cibaIntervalSeconds: 1, users: [...DEMO_USERS, ...more] });
});
afterAll(() => idp.stop());

describe.each(RUNTIMES)('on $name', ({ name, command }) => {
  let server: RuntimeServer;
  beforeAll(async () => {
    server = await startRuntimeServer(command, {
      ONES_DEVICE_YML: idp.device.configPath,
      ONES_SIGNER_URL: idp.signer.url,
      ONES_IDP_URL: idp.url,
      ONES_COOKIE_SECRET: SECRET,
      ORIGIN,
    });
  }, 60_000);
  afterAll(() => server.stop());

  it(`is served by ${name} itself`, async () => {
    const answer = await fetch(`${server.url}/runtime`);
    expect(((await answer.json()) as { runtime: string }).runtime).toMatch(
      new RegExp(`^${name} \\d+\\.\\d+`),
    );
  });

  describe('DeviceAuthentication against dev-idp', () => {
    it('device token, CIBA login, ID token validated, UserInfo, refresh, revocation', async () => {
      const signatures = idp.signer.signatures;
      const device = await server.call<{ access_token: string }>('makeDeviceAccessToken');
      expect(idp.signer.signatures).toBe(signatures + 1);
      expect(await server.call('tokenIntrospection', device.access_token)).toMatchObject({
        active: true,
        client_id: idp.device.clientId,
      });
      const started = await server.call<{ auth_req_id: string }>('makeCibaRequest', {
        loginHint: { kind: 'username', value: 'alice' },
      });
      expect(idp.pendingLogins().map((login) => login.authReqId)).toContain(started.auth_req_id);
      await idp.approveLogin({ authReqId: started.auth_req_id });
      const tokens = await server.call<{ id_token: string; access_token: string; refresh_token: string }>(
        'waitForCibaTokens',
        started,
      );
      expect(await server.call('validateJwt', tokens.id_token, { tokenType: 'id_token' })).toMatchObject({
        sub: 'user-alice',
        iss: idp.issuer,
      });
      expect(await server.call('userInfo', tokens.access_token)).toMatchObject({ sub: 'user-alice' });
      const refreshed = await server.call<{ access_token: string }>(
        'refreshAccessToken',
        tokens.refresh_token,
      );
      expect(refreshed.access_token).not.toBe(tokens.access_token);
      await server.call('revokeToken', refreshed.access_token);
      expect(await server.call('tokenIntrospection', refreshed.access_token)).toEqual({ active: false });
      // the SDK's transport on this runtime is its fetch: every request above went through it
      const { sdkRequests } = (await (await fetch(`${server.url}/runtime`)).json()) as {
        sdkRequests: { viaFetch: number };
      };
      expect(sdkRequests.viaFetch).toBeGreaterThanOrEqual(10);
    });

    it('a denial, a made-up id and a forged token fail with the codes Node gives', async () => {
      const started = await server.call<{ auth_req_id: string }>('makeCibaRequest', {
        loginHint: { kind: 'username', value: 'bob' },
      });
      await idp.denyLogin({ authReqId: started.auth_req_id });
      await expect(server.call('waitForCibaTokens', started)).rejects.toMatchObject({
        code: 'ERR_OAUTH_ACCESS_DENIED',
      });
      await expect(server.call('checkCibaStatus', 'made-up-auth-req-id')).rejects.toMatchObject({
        code: 'ERR_OAUTH_INVALID_GRANT',
      });
      await expect(
        server.call('validateJwt', 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', { tokenType: 'id_token' }),
      ).rejects.toMatchObject({
        code: expect.stringMatching(/^ERR_JWT_/),
      });
    });

    it('a QR session at the IdP, pending until scanned; a CIBA login withdrawn from the phone', async () => {
      const session = await server.call<{ sessionId: string }>('makeQrAuthSessionIdp', {
        originIp: '198.51.100.23',
      });
      expect(idp.qrSessions().find((s) => s.sessionId === session.sessionId)?.originIp).toBe('198.51.100.23');
      expect(await server.call('verifyQrAuthSessionIdp', session.sessionId)).toMatchObject({
        status: 'pending',
      });
      const started = await server.call<{ auth_req_id: string }>('makeCibaRequest', {
        loginHint: { kind: 'username', value: 'alice' },
      });
      expect(await server.call('cancelCibaRequest', started.auth_req_id)).toBe(true);
      expect(idp.pendingLogins().map((login) => login.authReqId)).not.toContain(started.auth_req_id);
    });
  });

  describe('the login kit in session mode, served by the runtime through login.fetch', () => {
    it('CIBA: a session cookie, the app route sees the user, logout ends it and the cookie replayed is refused', async () => {
      const browser = await loggedInBrowser(server.kit, idp, 'alice', ORIGIN);
      const me = await browser.fetch(`${ORIGIN}/api/me`);
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({
        user: { sub: 'user-alice' },
        runtime: expect.stringMatching(name),
      });
      const stolen = browser.cookieHeader();
      await logOutClient(ORIGIN, { fetch: browser.fetch });
      expect((await browser.fetch(`${ORIGIN}/api/me`)).status).toBe(401);
      const replayed = await server.kit.fetch(
        new Request(`${ORIGIN}/api/me`, { headers: { cookie: stolen } }),
      );
      expect(replayed.status).toBe(401);
    });

    it('QR: scanned on the phone, approved, the browser gets the session', async () => {
      const browser = kitBrowser(server.kit, { origin: ORIGIN });
      const session = await makeQrSessionClientV2(ORIGIN, { fetch: browser.fetch });
      idp.scanQrSession({ sessionId: session.sessionId, username: 'bob' });
      const scanned = await waitForQrAuthRequestClient(ORIGIN, session, { fetch: browser.fetch });
      expect(
        idp.pendingLogins().find((login) => login.authReqId === scanned.authRequestId)?.qrSessionId,
      ).toBe(session.sessionId);
      await idp.approveLogin({ authReqId: scanned.authRequestId });
      // session mode: the poll that sees the approval sets the session cookie and hands out no tokens
      const poll = await browser.fetch(`${ORIGIN}/api/auth/oidc/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ authRequestId: scanned.authRequestId }),
      });
      expect(poll.status).toBe(200);
      expect(await poll.text()).not.toMatch(/access_token|id_token|refresh_token/);
      const me = await browser.fetch(`${ORIGIN}/api/me`);
      expect(await me.json()).toMatchObject({ user: { sub: 'user-bob' } });
    });
  });

  describe('@ones.dev/common run by the runtime', () => {
    it('logInWithUsernameClient: the code shown is the phone’s, the session read back, then logged out', async () => {
      const loggingIn = server.post('/client/username-login', { username: 'carol' });
      const prompt = await idp.waitForLogin((login) => login.user.username === 'carol');
      await idp.approveLogin({ authReqId: prompt.authReqId });
      const { status, json } = await loggingIn;
      expect(status).toBe(200);
      expect(json).toMatchObject({
        shown: [prompt.loginCode],
        session: { user: { sub: 'user-carol' } },
        afterLogout: null,
      });
      expect(json.read).toEqual(json.session);
    });

    it('renders the same QR code as Node', async () => {
      const content = JSON.stringify({ sessionId: 'abc', cbUrl: 'https://id.example/qr/abc' });
      const answer = await fetch(`${server.url}/client/qr-svg`, {
        method: 'POST',
        body: JSON.stringify({ content }),
      });
      expect(await answer.text()).toBe(renderQrCodeSvg(content));
    });
  });
  describe('attacks on the kit', () => {
    const send = (path: string, init: { body?: BodyInit; headers?: Record<string, string> } = {}) =>
      server.kit.fetch(
        new Request(`${ORIGIN}/api/auth${path}`, {
          method: 'POST',
          headers: { origin: ORIGIN, 'content-type': 'application/json', ...init.headers },
          body: init.body ?? '{}',
        }),
      );
    const read = async (answer: Response) => [
      answer.status,
      ((await answer.json()) as { code?: string }).code,
    ];

    it('a forged session cookie and one changed character are refused (401)', async () => {
      const forged = await server.kit.fetch(
        new Request(`${ORIGIN}/api/auth/session`, {
          headers: { cookie: 'ones-session=eyJhbGciOiJkaXIifQ..x.y.z' },
        }),
      );
      expect(await read(forged)).toEqual([401, 'ERR_LOGIN_NO_SESSION']);
      const browser = await loggedInBrowser(server.kit, idp, 'dave', ORIGIN);
      const sealed = browser.cookies.get('ones-session') ?? '';
      const flipped = `${sealed.slice(0, -3)}${sealed.at(-3) === 'A' ? 'B' : 'A'}${sealed.slice(-2)}`;
      const tampered = await server.kit.fetch(
        new Request(`${ORIGIN}/api/auth/session`, { headers: { cookie: `ones-session=${flipped}` } }),
      );
      expect(tampered.status).toBe(401);
    });

    it('a cross-site form post and a POST without Origin are refused (403)', async () => {
      const crossSite = await send('/oidc/bc-authorize', {
        headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'userIdentifier=alice',
      });
      expect(crossSite.status).toBe(403);
      const withoutOrigin = await fetch(`${server.url}/api/auth/oidc/bc-authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"userIdentifier":"alice"}',
      });
      expect(withoutOrigin.status).toBe(403);
    });

    it("someone else's login id is 404, and the IdP is not asked", async () => {
      const alice = kitBrowser(server.kit, { origin: ORIGIN });
      const mallory = kitBrowser(server.kit, { origin: ORIGIN });
      const ciba = await makeCibaRequestClient(ORIGIN, 'alice', { fetch: alice.fetch });
      await makeQrSessionClientV2(ORIGIN, { fetch: mallory.fetch });
      const polls = idp.requestCounts().token ?? 0;
      const steal = await send('/oidc/token', {
        headers: { cookie: mallory.cookieHeader() },
        body: JSON.stringify({ authRequestId: ciba.auth_req_id }),
      });
      expect(await read(steal)).toEqual([404, 'ERR_LOGIN_NOT_FOUND']);
      expect(idp.requestCounts().token ?? 0).toBe(polls);
    });

    it('a huge body is 413, malformed JSON 400', async () => {
      expect(
        await read(await send('/cancel', { body: JSON.stringify({ authRequestId: 'x'.repeat(2_000_000) }) })),
      ).toEqual([413, 'ERR_LOGIN_BODY_TOO_LARGE']);
      expect(await read(await send('/cancel', { body: '{"authRequestId": ' }))).toEqual([
        400,
        'ERR_LOGIN_BODY_INVALID',
      ]);
    });

    it('a flood of login starts from one address: 429 with Retry-After past the limit, and a refused start never reaches the IdP', async () => {
      const before = idp.requestCounts()['bc-authorize'] ?? 0;
      // 20 starts per address per minute, counted in fixed windows: 50 at once cross at most one
      // window's end, so at least 10 are refused however the clock falls
      const answers = await Promise.all(
        Array.from({ length: 50 }, (_, index) =>
          send('/oidc/bc-authorize', { body: JSON.stringify({ userIdentifier: `flood-${index}` }) }),
        ),
      );
      const statuses = answers.map((answer) => answer.status);
      const refused = answers.filter((answer) => answer.status === 429);
      expect(refused.length).toBeGreaterThanOrEqual(10);
      expect(statuses.filter((status) => status !== 200 && status !== 429)).toEqual([]);
      expect(Number(refused[0]?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect((idp.requestCounts()['bc-authorize'] ?? 0) - before).toBe(50 - refused.length);
    });
  });
});
