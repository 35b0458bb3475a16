// from packages/common/src/errors/ones-error.ts
import { makeQrSessionClientV2, OnesError } from '@ones.dev/common';

try {
  await makeQrSessionClientV2('https://shop.example');
} catch (error) {
  if (error instanceof OnesError) console.warn(error.code, error.message);
}
