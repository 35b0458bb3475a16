// Shared by the examples' tests (not part of any example): a "browser" for Node tests.

/**
 * A fetch that behaves like one browser: it keeps the cookies its responses set and sends them back.
 * `send` is where requests go: the network by default, or straight into a web-standard app.
 */
export function browser(
  send: (request: Request) => Response | Promise<Response> = (request) => fetch(request),
): typeof fetch {
  const cookies = new Map<string, string>();
  return async (input, init) => {
    const request = new Request(input, init);
    if (cookies.size > 0)
      request.headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const response = await send(request);
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      cookies.set(name.trim(), value);
    }
    return response;
  };
}

export { rejectionOf } from '../../test-support/rejection-of.ts';
