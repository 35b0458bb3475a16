// from README.md
import { makeCibaRequestClient, waitForCibaTokensClient } from '@ones.dev/common';

const host = 'https://shop.example'; // your backend, which talks to OnesID
const login = await makeCibaRequestClient(host, 'alice');
const tokens = await waitForCibaTokensClient(host, login, {
  onPoll: ({ remainingSeconds }) => console.log(`approve on your phone (${remainingSeconds} s left)`),
});
