import type { Clock } from './clock.js';

/**
 * Runs a call to the IdP with a deadline signal (see `KitServices.idp`).
 *
 * @example
 * const answer = await idp((options) => auth.userInfo(accessToken, options));
 */
export type IdpCaller = <T>(call: (options: { readonly signal: AbortSignal }) => Promise<T>) => Promise<T>;

/** Why a call to the IdP was stopped: the kit's deadline (no error object made per call). */
const DEADLINE_PASSED = 'the identity provider did not answer in time';

/**
 * Calls to the IdP, each with a signal that aborts after `ms` unless the call settled first (its
 * timer is cleared then: nothing fires, nothing is made, for the calls that finish in time).
 *
 * @example
 * const idp = idpCallerOf(systemClock, 4000);
 * const tokens = await idp((options) => auth.checkCibaStatus(id, options));
 */
export function idpCallerOf(clock: Clock, ms: number): IdpCaller {
  return async (call) => {
    const controller = new AbortController();
    const cancel = clock.after(ms, () => controller.abort(DEADLINE_PASSED));
    try {
      return await call({ signal: controller.signal });
    } finally {
      cancel();
    }
  };
}
