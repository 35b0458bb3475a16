import {
  buildLoginCode,
  buildQrCodeContent,
  isOnesError,
  makeCibaRequestClient,
  makeQrSessionClientV2,
  waitForCibaTokensClient,
  waitForQrAuthRequestClient,
} from '@ones.dev/common';
import { renderQrCodeSvg } from '@ones.dev/common/qr';

// The backend (e.g. examples/express) serves the routes on this origin.
const host = window.location.origin;
const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = element<HTMLParagraphElement>('status');
const loginSection = element<HTMLElement>('login');
const qr = element<HTMLDivElement>('qr');
const loggedIn = element<HTMLElement>('logged-in');
const tryAgain = element<HTMLButtonElement>('try-again');
let running: AbortController | undefined;

function say(text: string, isError = false): void {
  status.textContent = text;
  status.classList.toggle('error', isError);
}

/** What went wrong, in words a user understands. */
function explain(error: unknown): string {
  if (isOnesError(error, 'ERR_OAUTH_ACCESS_DENIED')) return 'You declined the login on your phone.';
  if (
    isOnesError(error, 'ERR_OAUTH_EXPIRED_TOKEN') ||
    isOnesError(error, 'ERR_TIMEOUT_POLLING') ||
    isOnesError(error, 'ERR_QR_SESSION_NOT_FOUND')
  ) {
    return 'The login expired before it was approved. Please try again.';
  }
  if (isOnesError(error, 'ERR_OAUTH_UNKNOWN_USER_ID')) return 'No OnesID user has that username.';
  if (isOnesError(error, 'ERR_ABORTED')) return 'Login cancelled.';
  return 'The login did not work. Please try again.';
}

async function showUser(): Promise<void> {
  const response = await fetch('/api/auth/me', { credentials: 'same-origin' });
  const claims = (await response.json()) as Record<string, unknown>;
  const list = element<HTMLDListElement>('claims');
  list.replaceChildren(
    ...Object.entries(claims)
      .filter(([, value]) => value !== undefined)
      .flatMap(([name, value]) => {
        const term = document.createElement('dt');
        term.textContent = name;
        const detail = document.createElement('dd');
        detail.textContent = String(value);
        return [term, detail];
      }),
  );
  loginSection.hidden = true;
  loggedIn.hidden = false;
  say(`Logged in as ${String(claims.name ?? claims.sub)}.`);
  element<HTMLHeadingElement>('logged-in-heading').focus();
}

/** Runs one login attempt: progress in the status line, a clear message and a retry on failure. */
async function attempt(run: (signal: AbortSignal) => Promise<void>): Promise<void> {
  running?.abort();
  running = new AbortController();
  tryAgain.hidden = true;
  try {
    await run(running.signal);
    await showUser();
  } catch (error) {
    qr.hidden = true;
    say(explain(error), true);
    tryAgain.hidden = false;
    tryAgain.focus();
  }
}

element<HTMLFormElement>('username-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const username = element<HTMLInputElement>('username').value.trim();
  void attempt(async (signal) => {
    say('Sending the login request to your phone…');
    const login = await makeCibaRequestClient(host, username, { signal });
    // The phone shows the same code next to the login: the user approves the one that matches.
    const code = buildLoginCode(login.auth_req_id);
    say(`Approve the login in the OnesID app on your phone. Code: ${code}`);
    await waitForCibaTokensClient(host, login, {
      signal,
      onPoll: ({ remainingSeconds }) =>
        say(`Waiting for your approval on the phone (${remainingSeconds} s left)… Code: ${code}`),
    });
  });
});

element<HTMLButtonElement>('qr-login').addEventListener('click', () => {
  void attempt(async (signal) => {
    say('Preparing a QR code…');
    const session = await makeQrSessionClientV2(host, { signal });
    qr.innerHTML = renderQrCodeSvg(
      buildQrCodeContent({ cbUrl: session.cbUrl, sessionId: session.sessionId, exp: session.exp }),
    );
    qr.hidden = false;
    say('Scan the QR code with the OnesID app.');
    const scanned = await waitForQrAuthRequestClient(host, session, { signal });
    qr.hidden = true;
    say(`Scanned. Approve the login in the OnesID app. Code: ${buildLoginCode(scanned.auth_req_id)}`);
    await waitForCibaTokensClient(host, scanned, { signal });
  });
});

const reset = () => {
  running?.abort();
  loggedIn.hidden = true;
  loginSection.hidden = false;
  tryAgain.hidden = true;
  qr.hidden = true;
  say('');
  element<HTMLInputElement>('username').focus();
};
element<HTMLButtonElement>('retry').addEventListener('click', reset);
tryAgain.addEventListener('click', reset);
