import { parseCookie, stringifySetCookie } from 'cookie';

/** The kit's two cookies: a login in progress, and the session after it. */
export type CookieKind = 'login' | 'session';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** Whether `hostname` is loopback: the only place the kit allows plain http, for development. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/**
 * The name of a cookie: `__Host-ones-login` / `__Host-ones-session`, or `ones-…` when every origin
 * is plain http on loopback (development, where a browser drops `Secure` cookies). `__Host-` means
 * the cookie was set by this exact host over https with `Path=/` and no `Domain`, so a sibling
 * subdomain cannot plant one (cookie tossing). Decided by the configured origins, never by the
 * request: a proxy that forwards `Host: localhost` cannot turn the protection off.
 */
function cookieName(kind: CookieKind, secure: boolean): string {
  return `${secure ? '__Host-' : ''}ones-${kind}`;
}

/** The value of one of the kit's cookies in a `Cookie` header, if present. */
export function readCookie(cookieHeader: string | null | undefined, kind: CookieKind, secure: boolean) {
  if (!cookieHeader) return undefined;
  return parseCookie(cookieHeader, { decode: (value) => value })[cookieName(kind, secure)];
}

/**
 * A `Set-Cookie` value: `HttpOnly` (no page script reads it), `SameSite=Strict` (no other site's page
 * sends it), `Path=/`, `Secure` unless on loopback http. `value` undefined deletes the cookie.
 */
export function setCookieHeader(
  kind: CookieKind,
  secure: boolean,
  value: string | undefined,
  maxAgeSeconds: number,
): string {
  return stringifySetCookie({
    name: cookieName(kind, secure),
    value: value ?? '',
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'strict',
    maxAge: value === undefined ? 0 : Math.max(0, Math.floor(maxAgeSeconds)),
  });
}
