import { describe, expect, it } from 'vitest';
import { BrowserCookies, isLoopbackHost } from './browser-cookies.js';

describe('BrowserCookies', () => {
  it('names the cookies __Host- when secure, plainly on loopback http', () => {
    expect([new BrowserCookies(true).name('session'), new BrowserCookies(false).name('login')]).toEqual([
      '__Host-ones-session',
      'ones-login',
    ]);
  });

  it('sets a cookie HttpOnly, SameSite=Strict, Path=/, Secure when secure, for whole seconds', () => {
    expect(new BrowserCookies(true).setCookie('session', 'sealed.value', 1799.9)).toBe(
      '__Host-ones-session=sealed.value; Max-Age=1799; Path=/; HttpOnly; Secure; SameSite=Strict',
    );
    expect(new BrowserCookies(false).setCookie('login', 'v', -5)).toBe(
      'ones-login=v; Max-Age=0; Path=/; HttpOnly; SameSite=Strict',
    );
  });

  it('deletes a cookie with an empty value and Max-Age=0', () => {
    expect(new BrowserCookies(true).setCookie('login', undefined, 600)).toBe(
      '__Host-ones-login=; Max-Age=0; Path=/; HttpOnly; Secure; SameSite=Strict',
    );
  });

  it('reads only its own cookie, by its exact name, its value as sent (no percent-decoding)', () => {
    const secure = new BrowserCookies(true);
    const header = 'ones-session=plain; __Host-ones-session=a%2Bb.c; other=1';
    expect(secure.read(header, 'session')).toBe('a%2Bb.c');
    expect(new BrowserCookies(false).read(header, 'session')).toBe('plain');
    expect(secure.read(header, 'login')).toBeUndefined();
    expect(secure.read(undefined, 'session')).toBeUndefined();
    expect(secure.read('', 'session')).toBeUndefined();
  });
});

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['127.0.0.1', true],
    ['127.12.34.56', true],
    ['[::1]', true],
    ['127.0.0.1.evil.example', false],
    ['evil.localhost.example', false],
    ['my-localhost', false],
    ['127.0.0', false],
    ['127.0.0.1234', false],
    ['127.a.b.c', false],
    ['[::1].evil', false],
    ['shop.example', false],
  ])('%s: %s', (host, loopback) => {
    expect(isLoopbackHost(host)).toBe(loopback);
  });
});
