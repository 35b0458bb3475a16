import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';

const COOKIE = 'ones_login';
const TTL_MS = 15 * 60_000;

/**
 * Which browser owns which QR session and CIBA login. A QR code shows its `sessionId` to anyone who
 * can see the screen: only the browser that asked for it may pick up the login, so every id handed
 * out is tied to an httpOnly cookie and checked when it comes back. (In memory: one process. Use your
 * session store when you run several.)
 */
export class BrowserLogins {
  readonly #owned = new Map<string, { readonly browser: string; readonly until: number }>();
  readonly #users = new Map<
    string,
    { readonly claims: Readonly<Record<string, unknown>>; readonly until: number }
  >();

  /** Records that the browser behind `request` owns `id` (setting its cookie when it has none). */
  own(request: Request, response: Response, id: string): void {
    let browser = browserOf(request);
    if (browser === undefined) {
      browser = randomBytes(24).toString('base64url');
      response.cookie(COOKIE, browser, {
        httpOnly: true,
        sameSite: 'strict',
        secure: request.secure,
        maxAge: TTL_MS,
        path: '/api/auth',
      });
    }
    const now = Date.now();
    for (const [key, { until }] of this.#owned) if (until <= now) this.#owned.delete(key);
    this.#owned.set(id, { browser, until: now + TTL_MS });
  }

  /** Remembers who logged in on this browser (the validated ID token claims). */
  logIn(request: Request, claims: Readonly<Record<string, unknown>>): void {
    const browser = browserOf(request);
    if (browser !== undefined) this.#users.set(browser, { claims, until: Date.now() + TTL_MS });
  }

  /** Who is logged in on this browser, if anyone. */
  userOf(request: Request): Readonly<Record<string, unknown>> | undefined {
    const browser = browserOf(request);
    const entry = browser === undefined ? undefined : this.#users.get(browser);
    return entry !== undefined && entry.until > Date.now() ? entry.claims : undefined;
  }

  /** Whether the browser behind `request` owns `id`. */
  owns(request: Request, id: string): boolean {
    const entry = this.#owned.get(id);
    return entry !== undefined && entry.until > Date.now() && entry.browser === browserOf(request);
  }
}

function browserOf(request: Request): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === COOKIE && value) return value;
  }
  return undefined;
}
