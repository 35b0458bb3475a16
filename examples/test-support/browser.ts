// Shared by the examples' tests (not part of any example): a "browser" for Node tests.

/**
 * A fetch that behaves like one browser on a page of the server's own origin: it keeps the cookies
 * its responses set (dropping those they expire) and sends them back, and it stamps every request
 * but a GET with that page's `Origin`, as browsers do. `send` is where requests go: the network by
 * default, or straight into a web-standard app.
 */
export function browser(
  send: (request: Request) => Response | Promise<Response> = (request) => fetch(request),
): typeof fetch {
  const cookies = new Map<string, string>();
  return async (input, init) => {
    const request = new Request(input, init);
    if (cookies.size > 0)
      request.headers.set('cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    if (request.method !== 'GET' && !request.headers.has('origin')) {
      request.headers.set('origin', new URL(request.url).origin);
    }
    const response = await send(request);
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      if (/max-age=0\b/i.test(line)) cookies.delete(name);
      else cookies.set(name, pair.slice(at + 1));
    }
    return response;
  };
}
