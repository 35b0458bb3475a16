import { describe, expect, it } from 'vitest';
import {
  type KitHarness,
  kitHarness,
  logIn,
  ORIGIN,
  type TestBrowser,
} from '../../../test/support/kit-harness.js';

const read = (browser: TestBrowser) => browser.send('/session');
/** The app's own `login.session()` for a browser's cookies (no idle renewal). */
const appSession = (login: KitHarness['login'], browser: TestBrowser) =>
  login.session(new Request(`${ORIGIN}/orders`, { headers: { cookie: browser.cookieHeader() } }));
/** A browser at another address holding a copy of `browser`'s cookies, sending to `to`. */
function copyOf(harness: KitHarness, browser: TestBrowser, to = harness.login, address = '198.51.100.66') {
  const copy = harness.browser(address, to);
  for (const [name, value] of browser.cookies) copy.cookies.set(name, value);
  return copy;
}

describe('session lifetimes, on the kit clock', () => {
  it('a read after half the idle time moves the end on, never past the absolute end', async () => {
    const harness = kitHarness({ sessionSeconds: { idle: 600, absolute: 1000 } });
    const browser = harness.browser();
    const loggedIn = await logIn(harness, browser);
    const start = Number(loggedIn.json.expiresAt) - 600;
    await harness.clock.advance(299_000); // not yet half: no renewal
    const early = await read(browser);
    expect([early.status, early.json.expiresAt]).toEqual([200, start + 600]);
    await harness.clock.advance(2_000); // past half: renewed to now + idle
    expect((await read(browser)).json.expiresAt).toBe(start + 301 + 600);
    await harness.clock.advance(400_000); // renewed again, capped by the absolute end
    expect((await read(browser)).json.expiresAt).toBe(start + 1000);
    await harness.clock.advance(298_999);
    expect((await read(browser)).status).toBe(200);
    await harness.clock.advance(1_001);
    expect((await read(browser)).status).toBe(401);
  });

  it('a session unused for its idle time ends then exactly, on a fresh instance too', async () => {
    const harness = kitHarness({ sessionSeconds: { idle: 120, absolute: 1000 } });
    const browser = harness.browser();
    const { json } = await logIn(harness, browser);
    const fresh = harness.instance();
    await harness.clock.advance(Number(json.expiresAt) * 1000 - harness.clock.now() - 1);
    expect(await appSession(fresh.login, browser)).toMatchObject({ user: { sub: 'user-alice' } });
    await harness.clock.advance(1);
    expect(await appSession(fresh.login, browser)).toBeNull();
    expect(await appSession(harness.login, browser)).toBeNull();
  });
});

describe('logout', () => {
  it('is refused by every instance, replayed, until the cookie would have expired; the tokens are revoked', async () => {
    const harness = kitHarness({ sessionSeconds: { idle: 600, absolute: 600 } });
    const browser = harness.browser();
    await logIn(harness, browser);
    const attacker = copyOf(harness, browser, harness.instance().login);
    const answer = await browser.send('/logout', {});
    expect([answer.status, answer.json]).toEqual([200, { loggedOut: true, everywhere: true }]);
    expect(browser.cookies.size).toBe(0);
    expect((await read(attacker)).status).toBe(401);
    await harness.clock.advance(595_000);
    expect((await read(attacker)).status).toBe(401);
    expect(
      harness.idp.calls.filter((call) => call.method === 'revokeToken').map((call) => call.args[1]),
    ).toEqual(['refresh_token', 'access_token']);
  });

  it('the store keeps the logout as long as the session could live: a fresh instance refuses it hours later', async () => {
    const harness = kitHarness({ sessionSeconds: { idle: 3600, absolute: 7200 } });
    const browser = harness.browser();
    await logIn(harness, browser);
    const attacker = copyOf(harness, browser);
    await browser.send('/logout', {});
    await harness.clock.advance(3_000);
    const fresh = harness.instance(); // remembers nothing itself: only the store speaks
    expect(await appSession(fresh.login, attacker)).toBeNull();
    expect((await attacker.send('/session', undefined, { to: fresh.login })).status).toBe(401);
    await harness.clock.advance(3_500_000);
    expect(await appSession(harness.instance().login, attacker)).toBeNull();
  });
});

describe('logout and sessions while the store is away', () => {
  it('a logout while the store is down: 202 everywhere:false, refused here at once, written when the store is back, then refused everywhere', async () => {
    const harness = kitHarness();
    const browser = harness.browser();
    await logIn(harness, browser);
    const sid = (await harness.kit.cookies.session(browser.cookieHeader()))?.sid ?? '';
    const here = copyOf(harness, browser, harness.login, '198.51.100.1');
    const other = harness.instance();
    const there = copyOf(harness, browser, other.login, '198.51.100.2');
    harness.store.mode = 'down';
    const answer = await browser.send('/logout', {});
    expect([answer.status, answer.json]).toEqual([202, { loggedOut: true, everywhere: false }]);
    expect((await read(here)).status).toBe(401); // this instance knows
    const refused = await read(there); // the other cannot tell: refused, not served
    expect([refused.status, refused.json.code, refused.headers.get('retry-after')]).toEqual([
      503,
      'ERR_LOGIN_STORE_UNAVAILABLE',
      '5',
    ]);
    expect(await appSession(other.login, there)).toBeNull();
    harness.store.thaw();
    await harness.clock.advance(250); // the probe finds the store and writes the logout first
    expect(await harness.store.peek(harness.kit.keys.logout(sid))).toBe('1');
    await harness.clock.advance(250);
    expect((await read(there)).status).toBe(401);
    expect((await read(here)).status).toBe(401);
    expect(harness.logs.map((event) => event.code)).toEqual(
      expect.arrayContaining(['LOGIN_STORE_UNAVAILABLE', 'LOGIN_LOGOUT_NOT_SHARED', 'LOGIN_STORE_RECOVERED']),
    );
  });

  it('until the logout is written, the instance that took it does not trust the store', async () => {
    const harness = kitHarness();
    const browser = harness.browser();
    await logIn(harness, browser);
    const here = copyOf(harness, browser);
    harness.store.mode = 'down';
    await browser.send('/logout', {});
    harness.store.mode = 'frozen'; // back, but not answering yet
    await harness.clock.advance(2_000);
    expect((await read(here)).status).toBe(401); // from its own memory, while the store says nothing
    harness.store.thaw();
    await harness.clock.advance(1_000);
    expect((await read(here)).status).toBe(401); // and from the store once back
    expect(harness.kit.store.isUp).toBe(true);
  });

  it("storeOutage 'serve': another instance serves sessions it does not know to be logged out, for serveSeconds only", async () => {
    const harness = kitHarness({ storeOutage: { sessions: 'serve', serveSeconds: 30 } });
    const browser = harness.browser();
    await logIn(harness, browser);
    harness.store.mode = 'down';
    expect((await read(browser)).status).toBe(200);
    await harness.clock.advance(30_000);
    expect((await read(browser)).status).toBe(200);
    await harness.clock.advance(1_000);
    expect((await read(browser)).status).toBe(503);
  });

  it('a frozen store: a session check gives up after 0.5 s and refuses (503), not serves', async () => {
    const harness = kitHarness();
    const browser = harness.browser();
    await logIn(harness, browser);
    harness.store.mode = 'frozen';
    let answer: { status: number } | undefined;
    void read(browser).then((settled) => (answer = settled));
    await harness.clock.advance(499);
    expect(answer).toBeUndefined();
    await harness.clock.advance(1);
    expect(answer?.status).toBe(503);
    harness.store.thaw();
  });

  it('a store that lost its data (a restart without persistence): sessions issued before are refused, later ones count', async () => {
    const harness = kitHarness();
    const before = harness.browser();
    await logIn(harness, before);
    expect((await read(before)).status).toBe(200);
    await harness.clock.advance(1_000);
    harness.store.wipe(); // the connection drops; the store comes back empty
    await harness.clock.advance(300);
    expect((await read(before)).status).toBe(401);
    const after = harness.browser('203.0.113.20');
    await logIn(harness, after);
    expect((await read(after)).status).toBe(200);
    expect(harness.logs.map((event) => event.code)).toContain('LOGIN_STORE_DATA_LOST');
  });
});
