// Every login route (/api/auth/*) in one App Router route handler: the kit answers web-standard
// Requests with Responses.
import { loginKit } from '../../../../lib/login-kit';

export const dynamic = 'force-dynamic';

async function handle(request: Request): Promise<Response> {
  return (await loginKit().fetch(request)) ?? Response.json({ message: 'not found' }, { status: 404 });
}

export { handle as GET, handle as POST };
