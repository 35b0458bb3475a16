// from packages/common/src/errors/is-ones-error.ts
import { checkCibaStatusClient, isOnesError } from '@ones.dev/common';

try {
  await checkCibaStatusClient('https://shop.example', 'auth-req-id');
} catch (error) {
  if (isOnesError(error, 'ERR_OAUTH_ACCESS_DENIED')) console.warn('the user said no');
}
