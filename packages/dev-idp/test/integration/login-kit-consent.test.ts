import type { DeviceAuthentication } from '@ones.dev/backend-modules';
import { createOnesLogin, type OnesLogin } from '@ones.dev/backend-modules/login';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../src/index.js';
import { backendFor, startTestIdp } from './dev-idp-fixture.js';
import { type KitBrowser, kitBrowser, loggedInBrowser } from './kit-browser.js';

// The login kit's consent routes against dev-idp: a logged-in session asks its user to release
// personal data; the ticket it gets back works for that session only.
const HOST = 'http://127.0.0.1:3000';
let idp: DevIdp;
let auth: DeviceAuthentication;

beforeAll(async () => {
  idp = await startTestIdp();
  auth = await backendFor(idp);
});
afterAll(() => idp.stop());

const kit = (options: { mode?: 'session' | 'tokens' } = {}) =>
  createOnesLogin({
    auth,
    secrets: ['a-consent-test-secret-of-32-bytes-or-more'],
    origins: [HOST],
    ...options,
  });

const loggedIn = (login: OnesLogin, username: string) => loggedInBrowser(login, idp, username, HOST);

const post = async (browser: KitBrowser, path: string, body: unknown) => {
  const answer = await browser.fetch(`${HOST}/api/auth${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: answer.status, json: (await answer.json()) as Record<string, unknown> };
};

describe('the login kit: consent', () => {
  it("asks the session's user, by sub, for the shop's resource; the values come back once approved", async () => {
    const browser = await loggedIn(kit(), 'alice');
    const asked = await post(browser, '/consent', {
      content: ['email', 'dateOfBirth'],
      reason: 'For your invoices',
    });
    expect(asked).toEqual({ status: 200, json: { id: expect.any(String), status: 'pending' } });
    const received = idp.consentRequests().at(-1);
    expect(received).toMatchObject({
      resource: HOST,
      reason: 'For your invoices',
      names: ['email', 'dateOfBirth'],
    });
    expect(received?.subject.sub).toBe('user-alice');
    // the browser never sees the IdP's id: it holds a ticket
    expect(asked.json.id).not.toContain(received?.id ?? '');
    idp.approveConsent({ id: received?.id });
    expect(await post(browser, '/consent/status', { id: asked.json.id })).toEqual({
      status: 200,
      json: {
        status: 'approved',
        content: [
          { name: 'email', value: 'alice@example.com' },
          { name: 'dateOfBirth', value: '1990-04-01' },
        ],
      },
    });
    // the decision is handed out once: the ticket is spent
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const again = await post(browser, '/consent/status', { id: asked.json.id });
    expect([again.status, again.json.code]).toEqual([404, 'ERR_LOGIN_NOT_FOUND']);
  });

  it('a ticket from another session gets 404; without a session 401; polled twice at once 429', async () => {
    const login = kit();
    const alice = await loggedIn(login, 'alice');
    const bob = await loggedIn(login, 'bob');
    const asked = await post(alice, '/consent', { content: ['email'], reason: 'Newsletter' });
    expect((await post(bob, '/consent/status', { id: asked.json.id })).status).toBe(404);
    expect((await post(kitBrowser(login), '/consent/status', { id: asked.json.id })).status).toBe(401);
    expect((await post(kitBrowser(login), '/consent', { content: ['email'], reason: 'x' })).status).toBe(401);
    const first = await post(alice, '/consent/status', { id: asked.json.id });
    const second = await post(alice, '/consent/status', { id: asked.json.id });
    expect([first.status, second.status]).toEqual([200, 429]);
  });

  it('refuses an unknown property or a missing reason (400), and exists in session mode only', async () => {
    const browser = await loggedIn(kit(), 'alice');
    const unknown = await post(browser, '/consent', { content: ['bankAccount'], reason: 'x' });
    const noReason = await post(browser, '/consent', { content: ['email'] });
    expect([unknown.status, unknown.json.code, noReason.status]).toEqual([
      400,
      'ERR_LOGIN_BODY_INVALID',
      400,
    ]);
    const tokensMode = await post(kitBrowser(kit({ mode: 'tokens' })), '/consent', {
      content: ['email'],
      reason: 'x',
    });
    expect([tokensMode.status, tokensMode.json.code]).toEqual([404, 'ERR_LOGIN_WRONG_MODE']);
  });
});
