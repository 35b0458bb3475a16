import type { OnesLogin } from '@ones.dev/backend-modules/login';
import { type Context, Hono } from 'hono';

/**
 * The shop as web-standard handlers (`app.fetch(request) → Response`): the login kit's routes in
 * one line, and one route of the app's own that needs a logged-in user. Runs on Node (see
 * `server.ts`), where the tests run it.
 *
 * @param login - the login kit
 * @param clientAddress - how this runtime tells the browser's address (rate limits, the phone's `originIp`)
 */
export function createShopApp(
  login: OnesLogin,
  clientAddress: (c: Context) => string | undefined = () => undefined,
): Hono {
  const app = new Hono();
  app.on(['GET', 'POST'], '/api/auth/*', async (c) => {
    return (await login.fetch(c.req.raw, { clientAddress: clientAddress(c) })) ?? c.notFound();
  });
  app.get('/api/me', async (c) => {
    const session = await login.session(c.req.raw);
    if (session === null) return c.json({ message: 'log in first' }, 401);
    return c.json({ greeting: `Hello ${String(session.user.name ?? session.user.sub)}`, user: session.user });
  });
  return app;
}
