// from docs/browser-login.md
import { isOnesError, makeCibaRequestClient, waitForCibaTokensClient } from '@ones.dev/common';

const host = 'https://shop.example';
const status = document.querySelector('#status') as HTMLElement;

try {
  const login = await makeCibaRequestClient(host, 'alice');
  const tokens = await waitForCibaTokensClient(host, login, {
    onPoll: ({ remainingSeconds }) => {
      status.textContent = `Approve the login on your phone (${remainingSeconds} s left)`;
    },
  });
  status.textContent = `Logged in (${tokens.token_type} token)`;
} catch (error) {
  if (isOnesError(error, 'ERR_OAUTH_ACCESS_DENIED'))
    status.textContent = 'The login was declined on the phone.';
  else if (isOnesError(error, 'ERR_TIMEOUT_POLLING')) status.textContent = 'The login expired. Try again.';
  else throw error;
}
