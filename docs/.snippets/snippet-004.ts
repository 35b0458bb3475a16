// from docs/errors.md
import { isOnesError, makeQrSessionClientV2 } from '@ones.dev/common';

try {
  await makeQrSessionClientV2('https://shop.example');
} catch (error) {
  if (isOnesError(error, 'ERR_HTTP_NETWORK')) console.warn('backend unreachable');
  else throw error;
}
