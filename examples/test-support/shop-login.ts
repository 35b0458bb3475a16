// Shared by the examples' tests: the login kit configured as each example's server configures it.

import type { DeviceAuthentication } from '@ones.dev/backend-modules';
import { createOnesLogin, type OnesLogin, type OnesLoginOptions } from '@ones.dev/backend-modules/login';

/** A test-only cookie secret (32 bytes or more, as the kit requires). */
export const TEST_COOKIE_SECRET = 'examples-test-cookie-secret-0123456789abcdef';

/** The kit for a shop whose pages are served from `origin`. */
export function shopLogin(
  auth: DeviceAuthentication,
  origin: string,
  options: Partial<OnesLoginOptions> = {},
): OnesLogin {
  return createOnesLogin({ auth, secrets: [TEST_COOKIE_SECRET], origins: [origin], ...options });
}
