import type { ClientRequestOptions } from '../client/client-request-options.js';
import { DEFAULT_TIMEOUT_MS } from '../client/post-json.js';
import { isOnesError } from '../errors/is-ones-error.js';
import type { CibaAuthRequestResponseDto } from '../schemas/routes/ciba-route-dtos.js';
import { type PollOptions, pollUntil } from './poll-until.js';

/**
 * A status answer that says "not yet" without an error: the login kit's session mode answers HTTP
 * 202 `{ status: 'pending' }` (or `'slow_down'`) where the vendor's tokens route answers 400.
 */
export class StillPending {
  constructor(readonly outcome: 'pending' | 'slow_down') {}
}

/** The "not yet" in a 2xx status answer (`{ status: 'pending' | 'slow_down' }`, no `user`), if it is one. */
export function stillPendingIn(data: unknown): StillPending | undefined {
  if (typeof data !== 'object' || data === null || 'user' in data || 'access_token' in data) return undefined;
  const { status } = data as { readonly status?: unknown };
  return status === 'pending' || status === 'slow_down' ? new StillPending(status) : undefined;
}

/**
 * The one waiting loop for a CIBA status route: `check` asks once (with each poll's timeout cut to
 * what is left); "still pending" and `slow_down` (as a 400 error or a {@link StillPending}) keep it polling by the CIBA rules of `pollUntil`,
 * anything else ends it. Both the tokens helper and the session helper wait with it.
 */
export function pollCibaStatus<T>(
  what: string,
  login: Pick<CibaAuthRequestResponseDto, 'expires_in' | 'interval'> & { readonly held?: unknown },
  options: ClientRequestOptions & PollOptions,
  check: (requestOptions: ClientRequestOptions) => Promise<T | StillPending>,
): Promise<T> {
  return pollUntil({
    what,
    interval: { seconds: login.interval ?? 5, parameter: 'login.interval' },
    expiresIn: { seconds: login.expires_in, parameter: 'login.expires_in' },
    // the login kit in ping mode holds a status request until the phone answers: ask at once
    ...(login.held === true ? { firstWaitSeconds: 0 } : {}),
    poll: async ({ timeoutMs }) => {
      const requestOptions = {
        ...options,
        timeoutMs: Math.min(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, timeoutMs),
      };
      try {
        const value = await check(requestOptions);
        return value instanceof StillPending
          ? { done: false, outcome: value.outcome }
          : { done: true, value };
      } catch (error) {
        if (isOnesError(error, 'ERR_OAUTH_AUTHORIZATION_PENDING')) return { done: false, outcome: 'pending' };
        if (isOnesError(error, 'ERR_OAUTH_SLOW_DOWN')) return { done: false, outcome: 'slow_down' };
        throw error;
      }
    },
    ...options,
  });
}
