// from packages/common/src/polling/wait-for-ciba-tokens-client.ts
import { makeCibaRequestClient, waitForCibaTokensClient } from '@ones.dev/common';

const host = 'https://shop.example';
const login = await makeCibaRequestClient(host, 'alice');
const tokens = await waitForCibaTokensClient(host, login, {
  onPoll: ({ remainingSeconds }) => console.log(`waiting for approval, ${remainingSeconds} s left`),
});
