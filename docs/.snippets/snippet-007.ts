// from packages/common/src/client/client-request-options.ts
import { type ClientRequestOptions, makeQrSessionClientV2 } from '@ones.dev/common';

const options: ClientRequestOptions = { path: '/auth/qr/new', timeoutMs: 5_000, credentials: 'include' };
const session = await makeQrSessionClientV2('https://shop.example', options);
