// from packages/common/src/client/make-ciba-request-client.ts
import { makeCibaRequestClient } from '@ones.dev/common';

const login = await makeCibaRequestClient('https://shop.example', 'alice');
console.log(`approve on your phone within ${login.expires_in} s`);
