import type { OnesLogin } from '@ones.dev/backend-modules/login';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * The shop's Fastify app: the login kit's routes (`/api/auth/*`) and one route of the app's own
 * that needs a logged-in user. In their own plugin scope, the kit's routes leave the body unparsed
 * and hand the raw request to the kit's Node middleware, which checks, caps and reads it.
 */
export async function createShopApp(login: OnesLogin): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(async (kitRoutes) => {
    kitRoutes.removeAllContentTypeParsers();
    kitRoutes.addContentTypeParser('*', (_request, _body, done) => done(null));
    kitRoutes.all('/api/auth/*', (request, reply) => {
      reply.hijack();
      login.node(request.raw, reply.raw);
    });
  });
  app.get('/api/me', async (request, reply) => {
    const session = await login.session(request.raw);
    if (session === null) return reply.code(401).send({ message: 'log in first' });
    return { greeting: `Hello ${String(session.user.name ?? session.user.sub)}`, user: session.user };
  });
  return app;
}
