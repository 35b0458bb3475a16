import { randomBytes } from 'node:crypto';
import type { TokenResponse } from '@ones.dev/common';
import type { JWTPayload } from 'jose';

/**
 * A logged-in browser, as its session cookie holds it: who (the validated ID-token claims the kit
 * keeps), the tokens for calling APIs on the user's behalf, and when the session began and ends.
 * The ID token itself is dropped once validated, to keep the cookie small.
 */
export interface LoginSession {
  /** Random; names the session in the store once it is logged out. */
  readonly sid: string;
  readonly user: Readonly<Record<string, unknown>>;
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  /** Milliseconds since the epoch: when the session began. */
  readonly issuedAtMs: number;
  /** Seconds since the epoch, for each of the three. */
  readonly accessTokenExpiresAt: number;
  readonly idleExpiresAt: number;
  readonly absoluteExpiresAt: number;
}

/**
 * What `session()` and `GET /session` answer: the user, and when the session ends unless used.
 *
 * @example
 * ```ts
 * import type { SessionView } from '@ones.dev/backend-modules/login';
 * const view: SessionView = { user: { sub: 'user-alice' }, expiresAt: 1_900_000_000 };
 * ```
 */
export interface SessionView {
  readonly user: Readonly<Record<string, unknown>>;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

/** How long sessions last, in seconds: without use, and at most. */
export interface SessionLifetimes {
  readonly idleSeconds: number;
  readonly absoluteSeconds: number;
}

/** The claims to keep: the allowed names, and only values that are plain JSON data. */
function keptClaims(claims: Readonly<Record<string, unknown>>, names: readonly string[]) {
  const user: Record<string, unknown> = {};
  for (const name of names) {
    const value = claims[name];
    if (value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      user[name] = value;
    }
  }
  return user;
}

/** A new session (a new id: never one the browser brought along) from a login's tokens, at `nowMs`. */
export function newSession(
  tokens: TokenResponse,
  claims: Readonly<Record<string, unknown>>,
  settings: SessionLifetimes & { readonly sessionClaims: readonly string[] },
  nowMs: number,
): LoginSession {
  const now = Math.floor(nowMs / 1000);
  return {
    sid: randomBytes(16).toString('base64url'),
    user: keptClaims(claims, settings.sessionClaims),
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    issuedAtMs: nowMs,
    accessTokenExpiresAt: now + (tokens.expires_in ?? 300),
    idleExpiresAt: now + settings.idleSeconds,
    absoluteExpiresAt: now + settings.absoluteSeconds,
  };
}

/** The session with its idle deadline moved on from `now`, never past the absolute one. */
export function touchedSession(session: LoginSession, idleSeconds: number, now: number): LoginSession {
  return { ...session, idleExpiresAt: Math.min(session.absoluteExpiresAt, now + idleSeconds) };
}

/** When the cookie stops opening: the earlier of the idle and the absolute end. */
export function sessionEnd(session: LoginSession): number {
  return Math.min(session.idleExpiresAt, session.absoluteExpiresAt);
}

/** What the browser may see of a session. */
export function sessionView(session: LoginSession): SessionView {
  return { user: session.user, expiresAt: sessionEnd(session) };
}

/** The cookie payload of a session (short names: every byte counts against 4 kB). */
export function sessionPayload(session: LoginSession): JWTPayload {
  return {
    sid: session.sid,
    usr: session.user,
    at: session.accessToken,
    ...(session.refreshToken === undefined ? {} : { rt: session.refreshToken }),
    ims: session.issuedAtMs,
    ate: session.accessTokenExpiresAt,
    ide: session.idleExpiresAt,
    abe: session.absoluteExpiresAt,
  };
}

/** The session in an opened cookie payload, or `undefined` when a field is missing or the wrong type. */
export function sessionOf(payload: JWTPayload | undefined): LoginSession | undefined {
  if (payload === undefined) return undefined;
  const { sid, usr, at, rt, ims, ate, ide, abe } = payload;
  if (typeof sid !== 'string' || typeof at !== 'string' || typeof usr !== 'object' || usr === null)
    return undefined;
  if (!Number.isInteger(ate) || !Number.isInteger(ide) || !Number.isInteger(abe)) return undefined;
  if (rt !== undefined && typeof rt !== 'string') return undefined;
  return {
    sid,
    user: usr as Record<string, unknown>,
    accessToken: at,
    refreshToken: rt,
    // sessions sealed before 2026-12 carry no start: they count as the oldest there are
    issuedAtMs: Number.isInteger(ims) ? (ims as number) : 0,
    accessTokenExpiresAt: ate as number,
    idleExpiresAt: ide as number,
    absoluteExpiresAt: abe as number,
  };
}
