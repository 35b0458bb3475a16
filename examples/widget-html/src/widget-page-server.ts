import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { OnesLogin } from '@ones.dev/backend-modules/login';

const PAGE = readFileSync(new URL('../index.html', import.meta.url));
const HEADERS = { 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' };

/**
 * The plain-HTML shop: the login kit's routes (`login.node`), the page, and the widget's one-file
 * build (`widgetScript`, e.g. `@ones.dev/common/widget/standalone`) at `/assets/ones-login.js`.
 */
export function createWidgetPageServer(
  login: Pick<OnesLogin, 'node'>,
  widgetScript: string | Buffer,
): Server {
  return createServer((request, response) =>
    login.node(request, response, () => {
      const path = (request.url ?? '/').split('?', 1)[0];
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        response.writeHead(405, { allow: 'GET, HEAD' }).end();
      } else if (path === '/') {
        response.writeHead(200, { ...HEADERS, 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      } else if (path === '/assets/ones-login.js') {
        response
          .writeHead(200, { ...HEADERS, 'content-type': 'text/javascript; charset=utf-8' })
          .end(widgetScript);
      } else {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    }),
  );
}
