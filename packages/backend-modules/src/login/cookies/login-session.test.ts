import type { JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  type LoginSession,
  newSession,
  sessionEnd,
  sessionOf,
  sessionPayload,
  sessionView,
  touchedSession,
} from './login-session.js';

/** 2026-12-07T12:00:00.750Z: not on a whole second, so seconds are rounded down. */
const NOW_MS = Date.UTC(2026, 11, 7, 12) + 750;
const NOW = Math.floor(NOW_MS / 1000);
const settings = { idleSeconds: 600, absoluteSeconds: 3_600, sessionClaims: ['sub', 'name', 'email'] };
const tokens = { access_token: 'at-1', token_type: 'Bearer', expires_in: 900, refresh_token: 'rt-1' };
const session: LoginSession = {
  sid: 'sid-1',
  user: { sub: 'user-alice' },
  accessToken: 'at-1',
  refreshToken: 'rt-1',
  issuedAtMs: NOW_MS,
  accessTokenExpiresAt: NOW + 900,
  idleExpiresAt: NOW + 600,
  absoluteExpiresAt: NOW + 3_600,
};
/** The cookie payload of `session`, as sealed. */
const payload = {
  sid: 'sid-1',
  usr: { sub: 'user-alice' },
  at: 'at-1',
  rt: 'rt-1',
  ims: NOW_MS,
  ate: NOW + 900,
  ide: NOW + 600,
  abe: NOW + 3_600,
};

describe('newSession', () => {
  it('starts now: the tokens, the access token’s, idle and absolute ends in whole seconds from now', () => {
    const started = newSession(tokens, { sub: 'user-alice' }, settings, NOW_MS);
    expect(started).toEqual({ ...session, sid: started.sid });
  });

  it('gives every session a new random id of 128 bits, base64url', () => {
    const ids = Array.from({ length: 20 }, () => newSession(tokens, {}, settings, NOW_MS).sid);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(new Set(ids).size).toBe(20);
  });

  it('gives an access token without expires_in five minutes; keeps no refresh token when there is none', () => {
    const started = newSession({ access_token: 'at-2', token_type: 'Bearer' }, {}, settings, NOW_MS);
    expect(started.accessTokenExpiresAt).toBe(NOW + 300);
    expect(started.refreshToken).toBeUndefined();
    expect(started.accessToken).toBe('at-2');
  });

  it('keeps only the listed claims, and of those only plain JSON values (no nested objects)', () => {
    const claims = {
      sub: 'user-alice',
      name: null,
      email: ['a@example.com', 'b@example.com'],
      address: { street: 'Main St' },
      iss: 'https://idp.example',
      nonce: 'n-1',
    };
    const names = ['sub', 'name', 'email', 'address', 'missing', 'verified', 'age'];
    const user = newSession(
      tokens,
      { ...claims, verified: false, age: 0, missing: undefined },
      { ...settings, sessionClaims: names },
      NOW_MS,
    ).user;
    expect(user).toEqual({
      sub: 'user-alice',
      name: null,
      email: ['a@example.com', 'b@example.com'],
      verified: false,
      age: 0,
    });
    expect(Object.keys(user)).not.toContain('missing');
  });
});

describe('touchedSession', () => {
  it('moves the idle end on to now + idle, keeping everything else', () => {
    expect(touchedSession(session, 600, NOW + 100)).toEqual({ ...session, idleExpiresAt: NOW + 700 });
  });

  it('never moves the idle end past the absolute end', () => {
    expect(touchedSession(session, 600, NOW + 3_500)).toEqual({ ...session, idleExpiresAt: NOW + 3_600 });
  });
});

describe('sessionEnd and sessionView', () => {
  it('a session ends at the earlier of its idle and absolute ends', () => {
    expect(sessionEnd(session)).toBe(NOW + 600);
    expect(sessionEnd({ ...session, idleExpiresAt: NOW + 4_000 })).toBe(NOW + 3_600);
  });

  it('shows the browser the user and the end, never the tokens', () => {
    expect(sessionView(session)).toEqual({ user: { sub: 'user-alice' }, expiresAt: NOW + 600 });
    expect(sessionView({ ...session, idleExpiresAt: NOW + 4_000 }).expiresAt).toBe(NOW + 3_600);
  });
});

describe('sessionPayload and sessionOf', () => {
  it('writes the session under short names, and reads it back the same', () => {
    expect(sessionPayload(session)).toEqual(payload);
    expect(sessionOf(sessionPayload(session))).toEqual(session);
  });

  it('writes no rt without a refresh token, and reads a payload without one', () => {
    const withoutRefresh = { ...session, refreshToken: undefined };
    const written = sessionPayload(withoutRefresh);
    expect(Object.keys(written)).toEqual(['sid', 'usr', 'at', 'ims', 'ate', 'ide', 'abe']);
    expect(sessionOf(written)).toEqual(withoutRefresh);
  });

  it('reads a session sealed before sessions carried their start as the oldest there is', () => {
    const { ims: _ims, ...older } = payload;
    expect(sessionOf(older)).toEqual({ ...session, issuedAtMs: 0 });
    expect(sessionOf({ ...payload, ims: '1765108800000' })?.issuedAtMs).toBe(0);
    expect(sessionOf({ ...payload, ims: 1.5 })?.issuedAtMs).toBe(0);
  });

  it('reads an empty user', () => {
    expect(sessionOf({ ...payload, usr: {} })?.user).toEqual({});
  });

  it.each<[string, JWTPayload]>([
    ['no sid', { ...payload, sid: undefined }],
    ['a numeric sid', { ...payload, sid: 1 }],
    ['no access token', { ...payload, at: undefined }],
    ['a numeric access token', { ...payload, at: 5 }],
    ['no user', { ...payload, usr: undefined }],
    ['a null user', { ...payload, usr: null }],
    ['a string user', { ...payload, usr: 'user-alice' }],
    ['no access-token end', { ...payload, ate: undefined }],
    ['a fractional access-token end', { ...payload, ate: NOW + 0.5 }],
    ['a string idle end', { ...payload, ide: String(NOW + 600) }],
    ['no idle end', { ...payload, ide: undefined }],
    ['no absolute end', { ...payload, abe: undefined }],
    ['a fractional absolute end', { ...payload, abe: NOW + 0.5 }],
    ['a numeric refresh token', { ...payload, rt: 7 }],
    ['a null refresh token', { ...payload, rt: null }],
  ])('refuses a payload with %s', (_, broken) => {
    expect(sessionOf(broken)).toBeUndefined();
  });

  it('refuses no payload at all', () => {
    expect(sessionOf(undefined)).toBeUndefined();
  });
});
