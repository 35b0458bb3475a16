// from packages/common/src/errors/ones-oauth-error.ts
import { checkCibaStatusClient, OnesOAuthError } from '@ones.dev/common';

try {
  await checkCibaStatusClient('https://shop.example', 'auth-req-id');
} catch (error) {
  if (error instanceof OnesOAuthError && error.code === 'ERR_OAUTH_AUTHORIZATION_PENDING') {
    // not approved yet: ask again after the interval
  }
}
