import { failArgument } from '../internal/fail-argument.js';

const LOOPBACK_HOSTNAMES = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Joins the customer backend's `host` and a route `path` into the URL to call, after checking `host`:
 * an absolute http(s) URL without credentials, query or fragment; `https:` unless it is loopback or
 * `allowInsecureHost` is set. `host` may carry a base path (`https://shop.example/app`).
 */
export function resolveRouteUrl(host: string, path: string, allowInsecureHost = false): URL {
  if (typeof host !== 'string' || !URL.canParse(host)) failArgument('host', 'must be an absolute URL');
  const url = new URL(host);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') failArgument('host', 'must be an http(s) URL');
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    failArgument('host', 'must not contain credentials, a query or a fragment');
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTNAMES.test(url.hostname) && !allowInsecureHost) {
    failArgument('host', 'must use https: (http only for loopback, or with allowInsecureHost)');
  }
  if (typeof path !== 'string' || !/^\/[\w\-./~%]*$/.test(path)) {
    failArgument('options.path', 'must be a path that starts with "/"');
  }
  url.pathname = url.pathname.replace(/\/+$/, '') + path;
  return url;
}
