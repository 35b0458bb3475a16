import type { DeviceAuthentication, OnesLogEvent } from '@ones.dev/backend-modules';
import {
  createOnesLogin,
  MemoryLoginStore,
  type OnesLogin,
  type OnesLoginOptions,
} from '@ones.dev/backend-modules/login';
import { makeCibaRequestClient, makeQrSessionClientV2 } from '@ones.dev/common';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DevIdp } from '../../src/index.js';
import { backendFor, startTestIdp } from './dev-idp-fixture.js';
import { type KitBrowser, kitBrowser, loggedInBrowser } from './kit-browser.js';

// The security suite of the login kit: every attack from the kit's threat list, against a real
// OpenID provider. Each test names the attack, then proves the kit's answer and what the IdP saw.
const HOST = 'http://127.0.0.1:3000';
const SECRET = 'the-kit-secret-for-attack-tests-0123456789';
let idp: DevIdp;
let auth: DeviceAuthentication;
const logs: OnesLogEvent[] = [];
const seenSecrets = new Set<string>([SECRET]);

function kit(options: Partial<OnesLoginOptions> = {}): OnesLogin {
  return createOnesLogin({
    auth,
    secrets: [SECRET],
    origins: [HOST],
    logger: (e) => logs.push(e),
    ...options,
  });
}

/** One raw request to the kit, as an attacker would send it. */
async function send(
  login: OnesLogin,
  path: string,
  init: { method?: string; body?: BodyInit; headers?: Record<string, string>; address?: string } = {},
) {
  const request = new Request(`${HOST}/api/auth${path}`, {
    method: init.method ?? 'POST',
    headers: { origin: HOST, 'content-type': 'application/json', ...init.headers },
    ...(init.body === undefined ? {} : { body: init.body, duplex: 'half' }),
  } as RequestInit);
  const answer = await login.fetch(request, { clientAddress: init.address ?? '127.0.0.1' });
  if (answer === null) throw new Error(`${path} is not a kit route`);
  const text = await answer.text();
  return {
    status: answer.status,
    headers: answer.headers,
    text,
    json: JSON.parse(text) as Record<string, unknown>,
  };
}

async function loggedIn(login: OnesLogin, username = 'alice'): Promise<KitBrowser> {
  const browser = await loggedInBrowser(login, idp, username, HOST);
  for (const value of browser.cookies.values()) seenSecrets.add(value);
  expect(browser.cookies.has('ones-session')).toBe(true);
  return browser;
}

const sessionStatus = async (login: OnesLogin, cookie: string) =>
  (await send(login, '/session', { method: 'GET', headers: { cookie } })).status;

beforeAll(async () => {
  idp = await startTestIdp();
  auth = await backendFor(idp);
});
afterEach(() => vi.useRealTimers());
afterAll(() => idp.stop());

describe('forged, tampered, foreign, expired, oversize and replayed cookies', () => {
  it('a made-up session cookie is refused (401) and deleted', async () => {
    const answer = await send(kit(), '/session', {
      method: 'GET',
      headers: { cookie: 'ones-session=eyJhbGciOiJkaXIifQ..x.y.z' },
    });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ statusCode: 401, code: 'ERR_LOGIN_NO_SESSION', message: 'not logged in' });
    expect(answer.headers.getSetCookie()[0]).toMatch(
      /^ones-session=; Max-Age=0; Path=\/; HttpOnly; SameSite=Strict/,
    );
  });

  it('one changed character in a real session cookie is refused', async () => {
    const login = kit();
    const value = (await loggedIn(login)).cookies.get('ones-session') ?? '';
    const at = Math.floor(value.length / 2);
    const tampered = value.slice(0, at) + (value[at] === 'A' ? 'B' : 'A') + value.slice(at + 1);
    expect(await sessionStatus(login, `ones-session=${value}`)).toBe(200);
    expect(await sessionStatus(login, `ones-session=${tampered}`)).toBe(401);
  });

  it('a cookie made with a foreign secret is refused; a rotated-out secret still opens while listed', async () => {
    const otherSecret = 'somebody-elses-secret-of-sufficient-size-42';
    const foreign = await loggedIn(kit({ secrets: [otherSecret] }));
    expect(await sessionStatus(kit(), foreign.cookieHeader())).toBe(401);
    expect(await sessionStatus(kit({ secrets: [SECRET, otherSecret] }), foreign.cookieHeader())).toBe(200);
  });

  it('a session cookie presented as a pending-login cookie opens nothing (one key per purpose)', async () => {
    const login = kit();
    const browser = await loggedIn(login);
    const swapped = `ones-login=${browser.cookies.get('ones-session')}`;
    const answer = await send(login, '/oidc/token', {
      headers: { cookie: swapped },
      body: JSON.stringify({ authRequestId: 'x' }),
    });
    expect(answer.status).toBe(404);
  });

  it('an expired session cookie is refused once the idle time has passed', async () => {
    const login = kit({ sessionSeconds: { idle: 60, absolute: 600 } });
    const cookie = (await loggedIn(login)).cookieHeader();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 61_000);
    expect(await sessionStatus(login, cookie)).toBe(401);
  });

  it('a proxy that forwards Host: localhost does not make the cookies of an https shop insecure', async () => {
    const login = kit({ origins: ['https://shop.example'] });
    const answer = await login.fetch(
      new Request('http://localhost:3000/api/auth/qr/make', {
        method: 'POST',
        headers: { origin: 'https://shop.example', 'content-type': 'application/json' },
      }),
      { clientAddress: '203.0.113.5' },
    );
    expect(answer?.headers.getSetCookie()[0]).toMatch(
      /^__Host-ones-login=[^;]+; Max-Age=\d+; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
    );
  });

  it('an oversize cookie is ignored without an error', async () => {
    expect(await sessionStatus(kit(), `ones-session=${'A'.repeat(8000)}`)).toBe(401);
  });

  it('a session cookie replayed after logout is refused by every instance sharing the store', async () => {
    const first = kit();
    const browser = await loggedIn(first);
    const copy = browser.cookieHeader();
    await browser.fetch(`${HOST}/api/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(await sessionStatus(first, copy)).toBe(401);
  });
});

describe("ids from someone else's browser, and session fixation", () => {
  it('a CIBA login or a QR session id is only honoured for the browser that started it (404 for others)', async () => {
    const login = kit();
    const alice = kitBrowser(login);
    const mallory = kitBrowser(login);
    const ciba = await makeCibaRequestClient(HOST, 'alice', { fetch: alice.fetch });
    const qr = await makeQrSessionClientV2(HOST, { fetch: alice.fetch });
    await makeQrSessionClientV2(HOST, { fetch: mallory.fetch }); // mallory holds a valid cookie of her own
    const polls = idp.requestCounts().token ?? 0;
    const stealCiba = await send(login, '/oidc/token', {
      headers: { cookie: mallory.cookieHeader() },
      body: JSON.stringify({ authRequestId: ciba.auth_req_id }),
    });
    const stealQr = await send(login, '/qr/status', {
      headers: { cookie: mallory.cookieHeader() },
      body: JSON.stringify({ sessionId: qr.sessionId }),
    });
    expect([stealCiba.status, stealQr.status]).toEqual([404, 404]);
    expect(stealCiba.json.code).toBe('ERR_LOGIN_NOT_FOUND');
    expect(idp.requestCounts().token ?? 0).toBe(polls);
  });

  it("a planted cookie does not let the attacker pick up the victim's QR login", async () => {
    const login = kit();
    const mallory = kitBrowser(login);
    await makeQrSessionClientV2(HOST, { fetch: mallory.fetch });
    const planted = mallory.cookieHeader();
    const victim = kitBrowser(login);
    victim.cookies.set('ones-login', mallory.cookies.get('ones-login') ?? '');
    const victimQr = await makeQrSessionClientV2(HOST, { fetch: victim.fetch });
    expect(victim.cookieHeader()).not.toBe(planted); // re-issued on the victim's login
    idp.scanQrSession({ sessionId: victimQr.sessionId, username: 'alice' });
    const steal = await send(login, '/qr/status', {
      headers: { cookie: planted },
      body: JSON.stringify({ sessionId: victimQr.sessionId }),
    });
    expect(steal.status).toBe(404);
  });

  it("a planted session cookie is replaced at login: the victim's session is new and the attacker's copy stays the attacker's", async () => {
    const login = kit();
    const mallory = await loggedIn(login, 'bob');
    const victim = kitBrowser(login);
    victim.cookies.set('ones-session', mallory.cookies.get('ones-session') ?? '');
    const started = await makeCibaRequestClient(HOST, 'alice', { fetch: victim.fetch });
    await idp.approveLogin({ authReqId: started.auth_req_id });
    await victim.fetch(`${HOST}/api/auth/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ authRequestId: started.auth_req_id }),
    });
    expect(victim.cookies.get('ones-session')).not.toBe(mallory.cookies.get('ones-session'));
    const mine = await send(login, '/session', { method: 'GET', headers: { cookie: victim.cookieHeader() } });
    const theirs = await send(login, '/session', {
      method: 'GET',
      headers: { cookie: mallory.cookieHeader() },
    });
    expect([(mine.json.user as { sub: string }).sub, (theirs.json.user as { sub: string }).sub]).toEqual([
      'user-alice',
      'user-bob',
    ]);
  });
});

describe('cross-site requests (CSRF)', () => {
  const start = JSON.stringify({ userIdentifier: 'alice' });
  it.each([
    [
      'an HTML form post (urlencoded) from another site',
      { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      403,
    ],
    [
      'a text/plain form post from another site',
      { origin: 'https://evil.example', 'content-type': 'text/plain' },
      403,
    ],
    ['a text/plain post from our own origin', { 'content-type': 'text/plain' }, 415],
    ['JSON from a foreign origin', { origin: 'https://evil.example' }, 403],
    ['JSON with the origin "null" (a sandboxed page)', { origin: 'null' }, 403],
  ])('%s is refused before the IdP hears of it', async (_name, headers, status) => {
    const before = idp.requestCounts()['bc-authorize'] ?? 0;
    const answer = await send(kit(), '/oidc/bc-authorize', { headers, body: start });
    expect(answer.status).toBe(status);
    expect(answer.json.code).toBe(status === 403 ? 'ERR_LOGIN_ORIGIN_REFUSED' : 'ERR_LOGIN_CONTENT_TYPE');
    expect(idp.requestCounts()['bc-authorize'] ?? 0).toBe(before);
  });

  it("a developer's page on another loopback origin is told why, and the log says so once; a site elsewhere is not", async () => {
    const events: OnesLogEvent[] = [];
    const login = kit({ logger: (event) => events.push(event) });
    const json = { 'content-type': 'application/json' };
    const fromLocalhost = await send(login, '/oidc/bc-authorize', {
      headers: { ...json, origin: 'http://localhost:3000' },
      body: start,
    });
    expect([fromLocalhost.status, fromLocalhost.json]).toEqual([
      403,
      {
        statusCode: 403,
        code: 'ERR_LOGIN_ORIGIN_REFUSED',
        message: 'the request comes from an origin that is not allowed',
        hint: 'origin http://localhost:3000 is not in `origins`',
      },
    ]);
    await send(login, '/oidc/bc-authorize', {
      headers: { ...json, origin: 'http://localhost:3000' },
      body: start,
    });
    const fromElsewhere = await send(login, '/oidc/bc-authorize', {
      headers: { ...json, origin: 'https://evil.example' },
      body: start,
    });
    expect(fromElsewhere.json).not.toHaveProperty('hint');
    const warned = events.filter((event) => event.code === 'LOGIN_ORIGIN_REFUSED');
    expect(warned).toEqual([
      {
        level: 'warn',
        code: 'LOGIN_ORIGIN_REFUSED',
        message: `login kit: refused a POST from the page at http://localhost:3000: it is not in \`origins\` (${HOST}). Open the page at one of those, or add http://localhost:3000 to \`origins\` (behind a proxy: the public origin the browser shows).`,
      },
    ]);
  });

  it('a POST without an Origin header is refused', async () => {
    const request = new Request(`${HOST}/api/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    const answer = await kit().fetch(request);
    expect(answer?.status).toBe(403);
  });
});

describe('huge and malformed bodies', () => {
  it('a 10 MB body is refused with 413 by its Content-Length, unread', async () => {
    const answer = await send(kit(), '/oidc/bc-authorize', {
      body: `{"userIdentifier":"${'a'.repeat(10_000_000)}"}`,
    });
    expect(answer.status).toBe(413);
    expect(answer.json.code).toBe('ERR_LOGIN_BODY_TOO_LARGE');
  });

  it('a streamed body without Content-Length is cut off once it passes the cap', async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += 1024;
        controller.enqueue(new Uint8Array(1024).fill(0x20));
        if (sent >= 1_000_000) controller.close();
      },
    });
    const answer = await send(kit(), '/oidc/bc-authorize', { body });
    expect(answer.status).toBe(413);
    expect(sent).toBeLessThan(64 * 1024);
  });

  it.each([
    ['malformed JSON', '{"userIdentifier": ', 'ERR_LOGIN_BODY_INVALID'],
    ['a JSON array', '[1,2]', 'ERR_LOGIN_BODY_INVALID'],
    ['a number as the user', '{"userIdentifier": 42}', 'ERR_LOGIN_BODY_INVALID'],
    [
      'an unknown login hint kind',
      '{"userIdentifier": "alice", "loginHintKind": "phone-of-ceo"}',
      'ERR_LOGIN_BODY_INVALID',
    ],
    ['invalid UTF-8', Uint8Array.of(0x7b, 0xff, 0x7d), 'ERR_LOGIN_BODY_INVALID'],
  ])('%s gets a JSON 400 without a stack trace', async (_name, body, code) => {
    const answer = await send(kit(), '/oidc/bc-authorize', { body });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(answer.json.code).toBe(code);
    expect(answer.text).not.toMatch(/\bat \w|\.ts:\d|node_modules/);
  });
});

describe('POST /cancel as an attacker sends it', () => {
  it("a forged or replayed pending-login cookie, or someone else's id, forgets nothing: 404", async () => {
    const login = kit();
    const victim = kitBrowser(login, { address: '192.0.2.31' });
    const started = await makeCibaRequestClient(HOST, 'alice', { fetch: victim.fetch });
    const body = JSON.stringify({ authRequestId: started.auth_req_id });
    const stolen = victim.cookieHeader();
    const forged = stolen.replace(/ones-login=([^;]{10})/, 'ones-login=AAAAAAAAAA');
    for (const cookie of [forged, '', 'ones-login=not-a-sealed-cookie']) {
      const answer = await send(login, '/cancel', { body, headers: { cookie }, address: '198.51.100.31' });
      expect([answer.status, answer.json.code]).toEqual([404, 'ERR_LOGIN_NOT_FOUND']);
    }
    // the victim's own cancel works once; replaying that same request later finds nothing
    const own = await victim.fetch(`${HOST}/api/auth/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(own.status).toBe(200);
    const replayed = await send(login, '/cancel', { body, headers: { cookie: victim.cookieHeader() } });
    expect(replayed.status).toBe(404);
  });

  it('a huge body is 413 unread, malformed JSON a JSON 400, a flood from one address 429', async () => {
    const login = kit();
    const huge = await send(login, '/cancel', {
      body: JSON.stringify({ authRequestId: 'x'.repeat(2_000_000) }),
    });
    expect([huge.status, huge.json.code]).toEqual([413, 'ERR_LOGIN_BODY_TOO_LARGE']);
    const malformed = await send(login, '/cancel', { body: '{"authRequestId": ' });
    expect([malformed.status, malformed.json.code]).toEqual([400, 'ERR_LOGIN_BODY_INVALID']);
    const statuses: number[] = [];
    for (let index = 0; index < 700; index += 1) {
      const answer = await send(login, '/cancel', {
        body: JSON.stringify({ authRequestId: `id-${index}` }),
        address: '198.51.100.32',
      });
      statuses.push(answer.status);
    }
    expect(statuses.filter((status) => status === 404)).toHaveLength(600);
    expect(statuses.filter((status) => status === 429)).toHaveLength(100);
  });
});

describe('floods and probing', () => {
  it('1,000 login starts from one address: 429s with Retry-After after the limit; the IdP sees at most the limit', async () => {
    const login = kit();
    const before = idp.requestCounts()['bc-authorize'] ?? 0;
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let index = 0; index < 1000; index += 1) {
      const answer = await send(login, '/oidc/bc-authorize', {
        body: JSON.stringify({ userIdentifier: `user-${index}` }),
        address: '198.51.100.7',
      });
      statuses.push(answer.status);
      if (answer.status === 429) retryAfter = answer.headers.get('retry-after');
    }
    expect(statuses.filter((status) => status === 200)).toHaveLength(20);
    expect(statuses.filter((status) => status === 429)).toHaveLength(980);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect((idp.requestCounts()['bc-authorize'] ?? 0) - before).toBe(20);
    // another address is not affected
    expect((await send(login, '/qr/make', { address: '198.51.100.8' })).status).toBe(200);
  });

  it('one user is prompted at most 10 times in 5 minutes from all addresses, 3 from any one network', async () => {
    const login = kit();
    const prompts = () => idp.pendingLogins().filter((prompt) => prompt.user.username === 'bob').length;
    const before = prompts();
    const start = (userIdentifier: string, address: string) =>
      send(login, '/oidc/bc-authorize', { body: JSON.stringify({ userIdentifier }), address }).then(
        (a) => a.status,
      );
    // one attacker, spellings that all mean bob: the fourth is refused
    const fromOne = [];
    for (const spelling of ['bob', 'Bob', ' bob ', 'ｂｏｂ', 'BOB'])
      fromOne.push(await start(spelling, '198.51.100.20'));
    expect(fromOne).toEqual([200, 200, 200, 429, 429]);
    // from many addresses: 7 more reach the phone, then none
    const fromMany = [];
    for (let index = 0; index < 9; index += 1) fromMany.push(await start('bob', `192.0.2.${index + 1}`));
    expect(fromMany).toEqual([200, 200, 200, 200, 200, 200, 200, 429, 429]);
    // 10 starts counted for bob; dev-idp knows no user " bob " or "ｂｏｂ", so those two got stand-ins
    expect(prompts() - before).toBe(8);
  });

  it('clients whose address is unknown have an allowance of their own: 200 starts a minute, and known addresses are not touched', async () => {
    const mine: OnesLogEvent[] = [];
    const login = kit({ logger: (event) => mine.push(event) });
    const unknown = () =>
      login.fetch(
        new Request(`${HOST}/api/auth/qr/make`, {
          method: 'POST',
          headers: { origin: HOST, 'content-type': 'application/json' },
        }),
      );
    const statuses: number[] = [];
    for (let index = 0; index < 202; index += 1) statuses.push((await unknown())?.status ?? 0);
    expect(statuses.filter((status) => status === 200)).toHaveLength(200);
    expect(statuses.slice(200)).toEqual([429, 429]);
    // a user whose address is known still logs in
    expect((await send(login, '/qr/make', { address: '198.51.100.77' })).status).toBe(200);
    expect(mine.filter(({ code }) => code === 'LOGIN_NO_CLIENT_ADDRESS')).toHaveLength(1);
  });

  it("a made-up login's polls never reach the IdP, nor cost a signature", async () => {
    const login = kit();
    const browser = kitBrowser(login, { address: '192.0.2.222' });
    const madeUp = await makeCibaRequestClient(HOST, 'nobody-known-here', { fetch: browser.fetch });
    const before = idp.requestCounts().token ?? 0;
    const poll = await browser.fetch(`${HOST}/api/auth/oidc/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ authRequestId: madeUp.auth_req_id }),
    });
    expect([poll.status, await poll.json()]).toEqual([202, { status: 'pending' }]);
    expect((idp.requestCounts().token ?? 0) - before).toBe(0);
  });

  it('an IPv6 client counts by its /64: new addresses in it do not get new allowances', async () => {
    const login = kit();
    const statuses: number[] = [];
    for (let index = 1; index <= 22; index += 1) {
      const answer = await send(login, '/qr/make', { address: `2001:db8:1:2::${index.toString(16)}` });
      statuses.push(answer.status);
    }
    expect(statuses.filter((status) => status === 429)).toHaveLength(2);
  });

  it('a flood of new addresses does not push out a logout (the logged-out cookie stays refused)', async () => {
    const store = new MemoryLoginStore({ maxCountersPerKind: 500 });
    const login = kit({ store });
    const browser = await loggedIn(login);
    const copy = browser.cookieHeader();
    await browser.fetch(`${HOST}/api/auth/logout`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    for (let index = 0; index < 2000; index += 1) {
      await send(login, '/session', { method: 'GET', address: `10.${index >> 8}.${index & 255}.1` });
    }
    expect(await sessionStatus(login, copy)).toBe(401);
  });

  it('an unknown user gets the same answer as a known one, and stays pending (usernames cannot be probed)', async () => {
    const login = kit();
    const known = await send(login, '/oidc/bc-authorize', {
      body: JSON.stringify({ userIdentifier: 'alice' }),
    });
    const unknown = await send(login, '/oidc/bc-authorize', {
      body: JSON.stringify({ userIdentifier: 'nobody-here' }),
    });
    const shape = (json: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(json).map(([key, value]) => [
          key,
          typeof value === 'string' ? `string(${value.length})` : value,
        ]),
      );
    expect(unknown.status).toBe(known.status);
    expect(shape(unknown.json)).toEqual(shape(known.json));
    // through a browser: the cookie, the polls and the pacing look alike too
    const seen = [];
    for (const username of ['bob', 'nobody-at-all']) {
      const browser = kitBrowser(login, { address: username === 'bob' ? '192.0.2.200' : '192.0.2.201' });
      const started = await makeCibaRequestClient(HOST, username, { fetch: browser.fetch });
      const poll = () =>
        browser.fetch(`${HOST}/api/auth/oidc/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ authRequestId: started.auth_req_id }),
        });
      const first = await poll();
      const tooSoon = await poll();
      seen.push({
        cookieLength: browser.cookies.get('ones-login')?.length,
        first: [first.status, await first.json()],
        tooSoon: [tooSoon.status, await tooSoon.json()],
      });
    }
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[0]?.first).toEqual([202, { status: 'pending' }]);
    expect(seen[0]?.tooSoon).toEqual([202, { status: 'slow_down' }]);
  });

  it('with hideUnknownUsers: false, an unknown user is named (400 unknown_user_id)', async () => {
    const answer = await send(kit({ hideUnknownUsers: false }), '/oidc/bc-authorize', {
      body: JSON.stringify({ userIdentifier: 'nobody-here' }),
    });
    expect([answer.status, answer.json.error]).toEqual([400, 'unknown_user_id']);
  });
});

describe('every answer', () => {
  it('is JSON, no-store and nosniff, refusals included; a GET on a POST route is 405', async () => {
    const answers = [
      await send(kit(), '/qr/make'),
      await send(kit(), '/session', { method: 'GET' }),
      await send(kit(), '/oidc/token', { method: 'GET' }),
      await send(kit(), '/oidc/token', { headers: { origin: 'https://evil.example' } }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 405, 403]);
    for (const answer of answers) {
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(answers[2]?.headers.get('allow')).toBe('POST');
  });

  it('a path that is not a login route is left to the app (null)', async () => {
    await expect(kit().fetch(new Request(`${HOST}/api/auth/other`))).resolves.toBeNull();
    await expect(kit().fetch(new Request(`${HOST}/api/authx/session`))).resolves.toBeNull();
  });

  it('no log line holds a token, a cookie value or a secret', () => {
    const text = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/eyJ/);
    for (const secret of seenSecrets) expect(text).not.toContain(secret);
  });
});
