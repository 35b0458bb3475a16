import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/support/manual-clock.js';
import { CookieSealer } from './cookie-sealer.js';
import { KitCookies } from './kit-cookies.js';
import { type KeyPurpose, KitKeys } from './kit-keys.js';
import type { LoginSession } from './login-session.js';
import type { PendingLogin } from './pending-logins.js';

const clock = new ManualClock();
const now = () => Math.floor(clock.now() / 1000);
const cookies = new KitCookies(new KitKeys([new Uint8Array(32).fill(5)]), true, clock);
const login = (id: string, expiresIn: number): PendingLogin => ({
  kind: 'ciba',
  id,
  startedAt: now(),
  expiresAt: now() + expiresIn,
  interval: 2,
  idpInterval: 2,
  decoy: 0,
});
const session = (idle: number, absolute: number): LoginSession => ({
  sid: 'sid-1',
  user: { sub: 'user-alice' },
  accessToken: 'at',
  refreshToken: 'rt',
  issuedAtMs: clock.now(),
  accessTokenExpiresAt: now() + 300,
  idleExpiresAt: now() + idle,
  absoluteExpiresAt: now() + absolute,
});
/** The `Cookie` header a browser sends back for a `Set-Cookie`. */
const back = (setCookie: string) => setCookie.split(';')[0] ?? '';

describe('KitCookies', () => {
  it('keeps logins in progress until the last of them has expired, and a minute more', async () => {
    const setCookie = await cookies.pendingLoginsCookie([login('a', 120), login('b', 300)]);
    expect(setCookie).toMatch(
      /^__Host-ones-login=[^;]+; Max-Age=360; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
    );
    expect((await cookies.pendingLogins(back(setCookie))).map((entry) => entry.id)).toEqual(['a', 'b']);
  });

  it('deletes the logins cookie when none is left', async () => {
    expect(await cookies.pendingLoginsCookie([])).toBe(
      '__Host-ones-login=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict',
    );
  });

  it('keeps a session until its idle or absolute end, whichever comes first, and no longer', async () => {
    const own = new ManualClock();
    const kit = new KitCookies(new KitKeys([new Uint8Array(32).fill(5)]), true, own);
    const seconds = Math.floor(own.now() / 1000);
    const live = { ...session(600, 1_000), idleExpiresAt: seconds + 600, absoluteExpiresAt: seconds + 1_000 };
    const setCookie = await kit.sessionCookie(live);
    expect(setCookie).toMatch(/; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    await own.advance(599_999);
    expect((await kit.session(back(setCookie)))?.sid).toBe('sid-1');
    await own.advance(1);
    expect(await kit.session(back(setCookie))).toBeUndefined();
  });

  it('deletes the session cookie; tells whether the browser sent one at all', async () => {
    expect(await cookies.sessionCookie(undefined)).toBe(
      '__Host-ones-session=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict',
    );
    expect(cookies.hasSessionCookie('__Host-ones-session=x')).toBe(true);
    expect(cookies.hasSessionCookie('__Host-ones-login=x')).toBe(false);
    expect(cookies.hasSessionCookie(null)).toBe(false);
  });

  it('seals each kind of value under its own key: none opens as another', async () => {
    const sessionValue = back(await cookies.sessionCookie(session(600, 1_000))).split('=')[1] ?? '';
    const loginValue = back(await cookies.pendingLoginsCookie([login('a', 120)])).split('=')[1] ?? '';
    const ticket = await cookies.consentTickets.seal({ cid: 'c', sid: 'sid-1' }, now() + 60);
    const refresh = await cookies.refreshResults.seal({ at: 'x', ate: now() + 60 }, now() + 60);
    expect(await cookies.pendingLogins(`__Host-ones-login=${sessionValue}`)).toEqual([]);
    expect(await cookies.session(`__Host-ones-session=${loginValue}`)).toBeUndefined();
    expect(await cookies.session(`__Host-ones-session=${ticket}`)).toBeUndefined();
    expect(await cookies.consentTickets.open(refresh)).toBeUndefined();
    expect(await cookies.refreshResults.open(ticket)).toBeUndefined();
    expect(await cookies.consentTickets.open(ticket)).toMatchObject({ cid: 'c' });
    const fresh = new KitCookies(new KitKeys([new Uint8Array(32).fill(5)]), true, clock);
    expect(await fresh.refreshResults.open(refresh)).toMatchObject({ at: 'x' });
  });

  it('opens what each purpose’s key sealed, as every earlier version sealed it, so an upgrade logs nobody out', async () => {
    const secret = new Uint8Array(32).fill(5);
    const earlier = (purpose: KeyPurpose) =>
      new CookieSealer('earlier', new KitKeys([secret]).for(purpose), clock);
    const sessionValue = await earlier('cookie ones-session').seal(
      {
        sid: 'sid-1',
        usr: { sub: 'user-alice' },
        at: 'at',
        ate: now() + 300,
        ide: now() + 600,
        abe: now() + 1_000,
      },
      now() + 600,
    );
    expect(await cookies.session(`__Host-ones-session=${sessionValue}`)).toMatchObject({
      sid: 'sid-1',
      user: { sub: 'user-alice' },
    });
    const loginValue = await earlier('cookie ones-login').seal({ logins: [login('a', 120)] }, now() + 180);
    expect((await cookies.pendingLogins(`__Host-ones-login=${loginValue}`)).map((entry) => entry.id)).toEqual(
      ['a'],
    );
    const ticket = await earlier('cookie ones-consent').seal({ cid: 'c', sid: 'sid-1' }, now() + 60);
    expect(await cookies.consentTickets.open(ticket)).toMatchObject({ cid: 'c', sid: 'sid-1' });
    const refresh = await earlier('cookie ones-refresh').seal({ at: 'x' }, now() + 60);
    expect(await cookies.refreshResults.open(refresh)).toMatchObject({ at: 'x' });
  });

  it('and what it seals opens under each purpose’s key, so a rollback logs nobody out either', async () => {
    const earlier = (purpose: KeyPurpose) =>
      new CookieSealer('earlier', new KitKeys([new Uint8Array(32).fill(5)]).for(purpose), clock);
    const sessionValue = back(await cookies.sessionCookie(session(600, 1_000))).split('=')[1];
    expect(await earlier('cookie ones-session').open(sessionValue)).toMatchObject({ sid: 'sid-1' });
    const loginValue = back(await cookies.pendingLoginsCookie([login('a', 120)])).split('=')[1];
    expect(await earlier('cookie ones-login').open(loginValue)).toMatchObject({ logins: [{ id: 'a' }] });
    const ticket = await cookies.consentTickets.seal({ cid: 'c' }, now() + 60);
    expect(await earlier('cookie ones-consent').open(ticket)).toMatchObject({ cid: 'c' });
    const refresh = await cookies.refreshResults.seal({ at: 'x' }, now() + 60);
    expect(await earlier('cookie ones-refresh').open(refresh)).toMatchObject({ at: 'x' });
  });

  it('names the cookie or value that would be too large for a browser, so the developer knows what to trim', async () => {
    const big = 'x'.repeat(4_000);
    await expect(cookies.sessionCookie({ ...session(600, 1_000), user: { name: big } })).rejects.toThrow(
      /^the ones-session cookie would be \d+ characters/,
    );
    await expect(
      cookies.pendingLoginsCookie([{ ...login('a', 120), notificationToken: big }]),
    ).rejects.toThrow(/^the ones-login cookie would be \d+ characters/);
    await expect(cookies.consentTickets.seal({ cid: big }, now() + 60)).rejects.toThrow(
      /^the ones-consent cookie would be \d+ characters/,
    );
    await expect(cookies.refreshResults.seal({ at: big }, now() + 60)).rejects.toThrow(
      /^the ones-refresh cookie would be \d+ characters/,
    );
  });
});
