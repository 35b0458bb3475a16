// A "browser" for tests of the login kit: keeps the cookies the kit sets (deleting those it expires),
// sends them back, and stamps every POST with its page's Origin, as Chromium does.

import type { OnesLogin } from '@ones.dev/backend-modules/login';
import { makeCibaRequestClient } from '@ones.dev/common';
import type { IdpScenarioControls } from '@ones.dev/idp-model';

export interface KitBrowser {
  /** A `fetch` for the `@ones.dev/common` helpers: requests go straight into `login.fetch`. */
  readonly fetch: typeof fetch;
  /** The cookies this browser holds, by name. */
  readonly cookies: Map<string, string>;
  /** The `Cookie` header this browser sends. */
  cookieHeader(): string;
}

/** Records the kit's `Set-Cookie`s into `cookies` (`Max-Age=0` deletes). */
function keepCookies(cookies: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    if (/max-age=0\b/i.test(line)) cookies.delete(name);
    else cookies.set(name, pair.slice(at + 1));
  }
}

/**
 * One browser on `origin`, at `address` (what the kit counts and the phone shows). `send` defaults
 * to the kit itself; a 404 stands in for a path that is not a login route.
 */
export function kitBrowser(
  login: Pick<OnesLogin, 'fetch'>,
  options: { readonly origin?: string; readonly address?: string } = {},
): KitBrowser {
  const cookies = new Map<string, string>();
  const origin = options.origin ?? 'http://127.0.0.1:3000';
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return {
    cookies,
    cookieHeader,
    fetch: async (input, init) => {
      const request = new Request(input, init);
      if (cookies.size > 0) request.headers.set('cookie', cookieHeader());
      if (request.method !== 'GET' && !request.headers.has('origin')) request.headers.set('origin', origin);
      const response =
        (await login.fetch(request, { clientAddress: options.address ?? '127.0.0.1' })) ??
        new Response('not a login route', { status: 404 });
      keepCookies(cookies, response);
      return response;
    },
  };
}

/**
 * A browser that logged `username` in through `login` (session mode): the CIBA start, the approval
 * on dev-idp, the poll that gets the session. `host` is the page's origin.
 */
export async function loggedInBrowser(
  login: Pick<OnesLogin, 'fetch'>,
  idp: Pick<IdpScenarioControls, 'approveLogin'>,
  username: string,
  host = 'http://127.0.0.1:3000',
): Promise<KitBrowser> {
  const browser = kitBrowser(login, { origin: host });
  const started = await makeCibaRequestClient(host, username, { fetch: browser.fetch });
  await idp.approveLogin({ authReqId: started.auth_req_id });
  const answer = await browser.fetch(`${host}/api/auth/oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ authRequestId: started.auth_req_id }),
  });
  if (answer.status !== 200) throw new Error(`the login of ${username} answered ${answer.status}`);
  return browser;
}
