import { LoginRefusal } from './answers.js';
import { isLoopbackOrigin } from './dev-hints.js';
import type { HeaderReader } from './header-reader.js';

/**
 * The CSRF rule for every state-changing route: the request comes from one of your `origins`, as
 * its `Origin` header says (browsers set it on every POST and page script cannot change it), and
 * carries `application/json`, a type an HTML form cannot send without a CORS preflight. The
 * browser helpers of `@ones.dev/common` already send both. A page on a loopback origin (a developer's)
 * that is refused learns why: the refusal names its origin (see `DevHints`).
 *
 * @example
 * checkSameOriginJson(request.headers, new Set(['https://shop.example'])); // throws a 403 or 415 refusal
 */
export function checkSameOriginJson(headers: HeaderReader, origins: ReadonlySet<string>): void {
  const origin = headers.get('origin');
  if (origin === null || !origins.has(origin)) {
    throw new LoginRefusal(
      'ERR_LOGIN_ORIGIN_REFUSED',
      origin === null
        ? 'the request has no Origin header'
        : 'the request comes from an origin that is not allowed',
      {},
      // a page on this machine: the answer and the server's log say which origin, to fix `origins`
      origin !== null && isLoopbackOrigin(origin) ? origin : undefined,
    );
  }
  checkJson(headers);
}

/**
 * The body is `application/json` (the IdP's ping notification: no browser, so no `Origin`).
 *
 * @example
 * checkJson(request.headers); // throws ERR_LOGIN_CONTENT_TYPE (415) for anything else
 */
export function checkJson(headers: HeaderReader): void {
  const type = headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new LoginRefusal('ERR_LOGIN_CONTENT_TYPE', 'the body must be sent as application/json');
  }
}
