import type { OnesLogin } from '@ones.dev/backend-modules/login';
import express, { type Express } from 'express';

/**
 * The shop's Express app: the login kit's routes (`/api/auth/*`) in one line, and one route of the
 * app's own that needs a logged-in user. The kit goes first, before any body parser: it reads and
 * caps its bodies itself.
 */
export function createShopApp(login: OnesLogin): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(login.node);
  app.get('/api/me', async (request, response) => {
    const session = await login.session(request);
    if (session === null) return void response.status(401).json({ message: 'log in first' });
    response.json({ greeting: `Hello ${String(session.user.name ?? session.user.sub)}`, user: session.user });
  });
  return app;
}
