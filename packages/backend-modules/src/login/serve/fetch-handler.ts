import { renderAnswer } from '../http/answers.js';
import { readJsonBody } from '../http/read-json-body.js';
import type { KitServices } from '../kit-services.js';
import { answerLoginRequest, routeFor } from '../routes/route-table.js';

/**
 * The kit's routes as a web-standard handler (`login.fetch`): a `Response`, or `null` when the path
 * is not a login route (so the app's own routes handle it). Every answer is JSON with
 * `Cache-Control: no-store`.
 *
 * @example
 * const answer = await handleFetchRequest(kit, request, '203.0.113.7'); // Response | null
 */
export async function handleFetchRequest(
  kit: KitServices,
  request: Request,
  peerAddress: string | undefined,
): Promise<Response | null> {
  const pathname = new URL(request.url).pathname;
  const entry = routeFor(kit, request.method, pathname);
  if (entry === null) return null;
  if (!('route' in entry)) return renderAnswer(entry.answer, entry.setCookies);
  const { answer, setCookies } = await answerLoginRequest(kit, entry, {
    method: request.method,
    pathname,
    headers: request.headers,
    peerAddress,
    readBody: (limits) => readJsonBody(request, limits, kit.clock),
    signal: request.signal,
  });
  return renderAnswer(answer, setCookies);
}
