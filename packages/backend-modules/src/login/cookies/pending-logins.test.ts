import { describe, expect, it } from 'vitest';
import {
  EXPIRED_GRACE_SECONDS,
  type PendingLogin,
  pendingLoginsOf,
  withPendingLogin,
} from './pending-logins.js';

const NOW = 1_765_108_800;
const login = (id: string, more: Partial<PendingLogin> = {}): PendingLogin => ({
  kind: 'ciba',
  id,
  startedAt: NOW - 10,
  expiresAt: NOW + 110,
  interval: 2,
  idpInterval: 5,
  decoy: 0,
  ...more,
});
/** The payload of a pending-login cookie listing `entries`. */
const listing = (...entries: unknown[]) => ({ logins: entries, exp: NOW + 600 });

describe('pendingLoginsOf', () => {
  it('reads every listed login, in order, with all its fields', () => {
    const qr = login('qr-1', { kind: 'qr', decoy: 1, interval: 0, idpInterval: 0 });
    const pinged = login('auth-req-1', { notificationToken: 'nt-1' });
    expect(pendingLoginsOf(listing(qr, pinged), NOW)).toEqual([qr, pinged]);
  });

  it('keeps a login a minute past its expiry, so the last polls still learn expired_token', () => {
    const ended = login('auth-req-1', { expiresAt: NOW - EXPIRED_GRACE_SECONDS + 1 });
    expect(EXPIRED_GRACE_SECONDS).toBe(60);
    expect(pendingLoginsOf(listing(ended), NOW)).toEqual([ended]);
    expect(pendingLoginsOf(listing(ended), NOW + 1)).toEqual([]);
    expect(pendingLoginsOf(listing(ended, login('auth-req-2')), NOW + 1).map((entry) => entry.id)).toEqual([
      'auth-req-2',
    ]);
  });

  it('reads a cookie from before logins carried their start and the IdP’s interval: 120 s logins, one interval', () => {
    const { startedAt: _startedAt, idpInterval: _idpInterval, ...older } = login('auth-req-1');
    expect(pendingLoginsOf(listing(older), NOW)).toEqual([
      login('auth-req-1', { startedAt: NOW - 10, idpInterval: 2 }),
    ]);
    const broken = { ...older, startedAt: -1, idpInterval: 1.5 };
    expect(pendingLoginsOf(listing(broken), NOW)).toEqual([
      login('auth-req-1', { startedAt: NOW - 10, idpInterval: 2 }),
    ]);
  });

  it('ignores a notification token that is not a string', () => {
    expect(pendingLoginsOf(listing({ ...login('auth-req-1'), notificationToken: 5 }), NOW)).toEqual([
      login('auth-req-1'),
    ]);
  });

  it.each([
    ['not an object', 'auth-req-1'],
    ['null', null],
    ['undefined', undefined],
    ['another kind', { ...login('x'), kind: 'device' }],
    ['no id', { ...login('x'), id: undefined }],
    ['a numeric id', { ...login('x'), id: 7 }],
    ['an id that is a path step', login('..')],
    ['an empty id', login('')],
    ['no expiry', { ...login('x'), expiresAt: undefined }],
    ['a string expiry', { ...login('x'), expiresAt: String(NOW + 110) }],
    ['a fractional expiry', { ...login('x'), expiresAt: NOW + 110.5 }],
    ['no interval', { ...login('x'), interval: undefined }],
    ['a negative interval', { ...login('x'), interval: -1 }],
    ['no decoy flag', { ...login('x'), decoy: undefined }],
    ['a decoy flag of 2', { ...login('x'), decoy: 2 }],
    ['a boolean decoy flag', { ...login('x'), decoy: true }],
  ])('skips an entry that is %s, keeping the others', (_, entry) => {
    expect(pendingLoginsOf(listing(entry, login('auth-req-2')), NOW)).toEqual([login('auth-req-2')]);
  });

  it('reads no logins from no cookie, or from a payload without a list', () => {
    expect(pendingLoginsOf(undefined, NOW)).toEqual([]);
    expect(pendingLoginsOf({ exp: NOW + 600 }, NOW)).toEqual([]);
    expect(pendingLoginsOf({ logins: { 0: login('auth-req-1') }, exp: NOW + 600 }, NOW)).toEqual([]);
  });
});

describe('withPendingLogin', () => {
  it('puts the new login in front of the others', () => {
    const list = [login('a'), login('b')];
    expect(withPendingLogin(list, login('c'))).toEqual([login('c'), login('a'), login('b')]);
    expect(list.map((entry) => entry.id)).toEqual(['a', 'b']); // the list given is left as it was
  });

  it('lists a login once: a login started again replaces its old entry', () => {
    const list = [login('a'), login('b', { expiresAt: NOW + 50 })];
    expect(withPendingLogin(list, login('b'))).toEqual([login('b'), login('a')]);
  });

  it('drops the logins that ended or were handed over, with or without a new one', () => {
    const list = [login('a'), login('b'), login('c')];
    expect(withPendingLogin(list, undefined, ['b']).map((entry) => entry.id)).toEqual(['a', 'c']);
    expect(withPendingLogin(list, login('d'), ['a', 'c']).map((entry) => entry.id)).toEqual(['d', 'b']);
    expect(withPendingLogin(list, undefined).map((entry) => entry.id)).toEqual(['a', 'b', 'c']);
  });

  it('keeps at most four, the oldest going first', () => {
    const list = ['a', 'b', 'c', 'd'].map((id) => login(id));
    expect(withPendingLogin(list, login('e')).map((entry) => entry.id)).toEqual(['e', 'a', 'b', 'c']);
    expect(withPendingLogin([...list, login('e')], undefined).map((entry) => entry.id)).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
  });
});
