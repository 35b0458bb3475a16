import type { ClientRequestOptions } from '../client/client-request-options.js';
import { readInteger, readString, requireObject } from '../internal/read-fields.js';

/**
 * Who is logged in, as the login kit's session mode tells the browser: the validated ID-token claims
 * it keeps (`sub` always; `name`, `email`, … as configured) and when the session ends unless used.
 * Tokens never reach the page.
 *
 * @example
 * ```ts
 * import type { OnesSession } from '@ones.dev/common';
 * const greet = (session: OnesSession) => `Hello ${String(session.user.name ?? session.user.sub)}`;
 * ```
 */
export interface OnesSession {
  readonly user: Readonly<Record<string, unknown>> & { readonly sub: string };
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

/**
 * Options of the session-mode helpers: those of every helper, with `basePath` (default
 * `/api/auth`, the login kit's) instead of one route `path`.
 *
 * @example
 * ```ts
 * import type { SessionClientOptions } from '@ones.dev/common';
 * const options: SessionClientOptions = { basePath: '/auth', timeoutMs: 5_000 };
 * ```
 */
export type SessionClientOptions = Omit<ClientRequestOptions, 'path'> & {
  /** Where the login kit's routes live on `host`; default `/api/auth`. */
  readonly basePath?: string;
};

/** The request options for one kit route under `basePath`. */
export function routeOptions<O extends SessionClientOptions>(
  options: O,
  route: string,
): Omit<O, 'basePath'> & { readonly path: string } {
  const { basePath = '/api/auth', ...rest } = options;
  return { ...rest, path: `${basePath.replace(/\/+$/, '')}${route}` };
}

/** Checks a session answer of the login kit. */
export function parseOnesSession(data: unknown): OnesSession {
  const what = 'session answer';
  const body = requireObject(data, what);
  const user = requireObject(body.user, `${what} "user"`);
  return {
    user: { ...user, sub: readString(user, 'sub', what) },
    expiresAt: readInteger(body, 'expiresAt', what, 0),
  };
}
