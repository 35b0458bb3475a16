// from packages/common/src/client/check-ciba-status-client.ts
import { checkCibaStatusClient, isOnesError } from '@ones.dev/common';

try {
  const tokens = await checkCibaStatusClient('https://shop.example', 'auth-req-id');
  console.log(tokens.token_type);
} catch (error) {
  if (!isOnesError(error, 'ERR_OAUTH_AUTHORIZATION_PENDING')) throw error;
}
