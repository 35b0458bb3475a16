import type { ClientRequestOptions } from '../client/client-request-options.js';
import { DEFAULT_TIMEOUT_MS } from '../client/post-json.js';
import { isOnesError } from '../errors/is-ones-error.js';
import type { CibaAuthRequestResponseDto } from '../schemas/routes/ciba-route-dtos.js';
import { type PollOptions, pollUntil } from './poll-until.js';

/**
 * The one waiting loop for a CIBA status route: `check` asks once (with each poll's timeout cut to
 * what is left); "still pending" and `slow_down` keep it polling by the CIBA rules of `pollUntil`,
 * anything else ends it. Both the tokens helper and the session helper wait with it.
 */
export function pollCibaStatus<T>(
  what: string,
  login: Pick<CibaAuthRequestResponseDto, 'expires_in' | 'interval'> & { readonly held?: unknown },
  options: ClientRequestOptions & PollOptions,
  check: (requestOptions: ClientRequestOptions) => Promise<T>,
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
        return { done: true, value: await check(requestOptions) };
      } catch (error) {
        if (isOnesError(error, 'ERR_OAUTH_AUTHORIZATION_PENDING')) return { done: false, outcome: 'pending' };
        if (isOnesError(error, 'ERR_OAUTH_SLOW_DOWN')) return { done: false, outcome: 'slow_down' };
        throw error;
      }
    },
    ...options,
  });
}
