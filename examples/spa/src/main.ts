import {
  getSessionClient,
  isOnesError,
  logInWithQrCodeClient,
  logInWithUsernameClient,
  logOutClient,
  OnesHttpError,
  type OnesSession,
} from '@ones.dev/common';
import { renderQrCodeSvg } from '@ones.dev/common/qr';

// The backend (e.g. examples/express, with the login kit in session mode) serves the routes on this
// origin. The page never sees a token: the kit keeps them in encrypted, httpOnly cookies.
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
  if (error instanceof OnesHttpError && error.response?.status === 429) {
    return 'Too many login attempts. Please wait a minute and try again.';
  }
  return 'The login did not work. Please try again.';
}

function showUser(session: OnesSession): void {
  const list = element<HTMLDListElement>('claims');
  list.replaceChildren(
    ...Object.entries(session.user).flatMap(([name, value]) => {
      const term = document.createElement('dt');
      term.textContent = name;
      const detail = document.createElement('dd');
      detail.textContent = String(value);
      return [term, detail];
    }),
  );
  loginSection.hidden = true;
  loggedIn.hidden = false;
  say(`Logged in as ${String(session.user.name ?? session.user.sub)}.`);
  element<HTMLHeadingElement>('logged-in-heading').focus();
}

/** Runs one login attempt: progress in the status line, a clear message and a retry on failure. */
async function attempt(run: (signal: AbortSignal) => Promise<OnesSession>): Promise<void> {
  running?.abort();
  running = new AbortController();
  tryAgain.hidden = true;
  try {
    showUser(await run(running.signal));
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
  let code = '';
  void attempt((signal) => {
    say('Sending the login request to your phone…');
    return logInWithUsernameClient(host, username, {
      signal,
      // The phone shows the same code next to the login: the user approves the one that matches.
      onStarted: ({ loginCode }) => {
        code = loginCode;
        say(`Approve the login in the OnesID app on your phone. Code: ${code}`);
      },
      onPoll: ({ remainingSeconds }) =>
        say(`Waiting for your approval on the phone (${remainingSeconds} s left)… Code: ${code}`),
    });
  });
});

element<HTMLButtonElement>('qr-login').addEventListener('click', () => {
  void attempt((signal) => {
    say('Preparing a QR code…');
    return logInWithQrCodeClient(host, {
      signal,
      onQrCode: ({ content }) => {
        qr.innerHTML = renderQrCodeSvg(content);
        qr.hidden = false;
        say('Scan the QR code with the OnesID app.');
      },
      onScanned: ({ loginCode }) => {
        qr.hidden = true;
        say(`Scanned. Approve the login in the OnesID app. Code: ${loginCode}`);
      },
    });
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
element<HTMLButtonElement>('log-out').addEventListener('click', () => {
  void logOutClient(host).finally(reset);
});
tryAgain.addEventListener('click', reset);

// Already logged in on this browser (the session cookie survives a reload)?
void getSessionClient(host).then(
  (session) => session && showUser(session),
  () => {},
);
