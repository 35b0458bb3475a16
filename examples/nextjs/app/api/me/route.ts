// A route of the shop's own that needs a logged-in user: the kit says who it is.
import { loginKit } from '../../../lib/login-kit';

export const dynamic = 'force-dynamic';

export async function GET(request: Request): Promise<Response> {
  const session = await loginKit().session(request);
  if (session === null) return Response.json({ message: 'log in first' }, { status: 401 });
  return Response.json({
    greeting: `Hello ${String(session.user.name ?? session.user.sub)}`,
    user: session.user,
  });
}
