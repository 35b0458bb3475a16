import type { IncomingHttpHeaders } from 'node:http';

/**
 * What the kit reads of a request's headers: web `Headers` have it, and so has {@link nodeHeaders}
 * over Node's parsed headers (no web `Headers` built for a Node request).
 *
 * @example
 * const headers: HeaderReader = new Headers({ cookie: 'a=1' });
 * headers.get('cookie'); // 'a=1'
 */
export interface HeaderReader {
  get(name: string): string | null;
  has(name: string): boolean;
}

/**
 * Node's parsed headers (lower-case names, repeated ones already joined by Node) as a
 * {@link HeaderReader}.
 *
 * @example
 * nodeHeaders(request.headers).get('origin'); // 'https://shop.example' or null
 */
export function nodeHeaders(headers: IncomingHttpHeaders): HeaderReader {
  return {
    get: (name) => {
      const value = headers[name];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
    has: (name) => headers[name] !== undefined,
  };
}
