import type { RouteAnswer } from './login-answers.js';
import type { LoginKit, RequestFacts } from './login-kit.js';
import type { PendingLogin } from './pending-logins.js';

/** What a route handler gets: the kit, the request as read, and where to put `Set-Cookie`s. */
export interface RouteContext {
  readonly kit: LoginKit;
  readonly facts: RequestFacts;
  /** Whether this request's cookies are `Secure` and `__Host-` (see `secureCookies` in the settings). */
  readonly secure: boolean;
  /** The JSON body of a POST (checked for origin, type and size), `{}` for a GET. */
  readonly body: Readonly<Record<string, unknown>>;
  /** The browser's address, if known. */
  readonly clientAddress: string | undefined;
  /** Cookies to set on the answer, whatever it is. */
  readonly setCookies: string[];
  /** Aborts when the caller goes away (a held status request ends with it). */
  readonly signal: AbortSignal | undefined;
}

/** A login route: answers the request, or throws a `LoginRefusal` or an SDK error. */
export type LoginRoute = (context: RouteContext) => Promise<RouteAnswer>;

/** Stores the browser's logins in progress on the answer. */
export async function savePendingLogins(context: RouteContext, logins: readonly PendingLogin[]) {
  context.setCookies.push(await context.kit.pendingLoginsCookie(logins, context.secure));
}

/** The pending login with `id` and `kind` in this browser's cookie, if any. */
export async function ownPendingLogin(context: RouteContext, kind: PendingLogin['kind'], id: unknown) {
  const logins = await context.kit.pendingLogins(context.facts, context.secure);
  const login = logins.find((entry) => entry.kind === kind && entry.id === id);
  return { logins, login };
}
