import { parseCookie, stringifySetCookie } from 'cookie';

/** The kit's two cookies: a login in progress, and the session after it. */
export type CookieKind = 'login' | 'session';

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/** Whether `hostname` is loopback: the only place the kit allows plain http, for development. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK.test(hostname);
}

/**
 * The names and attributes of the kit's cookies, fixed at construction. `secure` comes from the
 * configured origins, never from a request: a proxy that forwards `Host: localhost` cannot turn
 * the protection off. Secure cookies are `__Host-ones-login` / `__Host-ones-session`: set by this
 * exact host over https with `Path=/` and no `Domain`, so a sibling subdomain cannot plant one
 * (cookie tossing). Plain `ones-…` only when every origin is http on loopback (development).
 *
 * @example
 * const cookies = new BrowserCookies(true);
 * cookies.read(request.headers.get('cookie'), 'session');
 * cookies.setCookie('session', sealed, 1800); // __Host-ones-session=…; Max-Age=1800; Path=/; HttpOnly; Secure; SameSite=Strict
 */
export class BrowserCookies {
  readonly secure: boolean;

  constructor(secure: boolean) {
    this.secure = secure;
  }

  /** The cookie's name. */
  name(kind: CookieKind): string {
    return `${this.secure ? '__Host-' : ''}ones-${kind}`;
  }

  /** The value of one of the kit's cookies in a `Cookie` header, if present. */
  read(cookieHeader: string | null | undefined, kind: CookieKind): string | undefined {
    if (!cookieHeader) return undefined;
    return parseCookie(cookieHeader, { decode: (value) => value })[this.name(kind)];
  }

  /**
   * A `Set-Cookie` value: `HttpOnly` (no page script reads it), `SameSite=Strict` (no other site's
   * page sends it), `Path=/`, `Secure` unless on loopback http. `value` undefined deletes the cookie.
   */
  setCookie(kind: CookieKind, value: string | undefined, maxAgeSeconds: number): string {
    return stringifySetCookie({
      name: this.name(kind),
      value: value ?? '',
      path: '/',
      httpOnly: true,
      secure: this.secure,
      sameSite: 'strict',
      maxAge: value === undefined ? 0 : Math.max(0, Math.floor(maxAgeSeconds)),
    });
  }
}
