import { sendWithFetch } from './fetch-transport.js';
import { sendWithNodeHttp, type WireAnswer, type WireRequest } from './node-http-transport.js';

/** Sends one request with the SDK's rules (no redirect followed, 1 MiB at most); see {@link transportFor}. */
export type Send = (url: string, request: WireRequest) => Promise<WireAnswer>;

/**
 * Which transport the runtime gets when the caller gives no `fetch` or ky: `node:http` on Node,
 * where the load benchmark measured a third less CPU per request than `fetch`
 * (bench/ciba-load.bench.mjs); the platform's `fetch` on Bun and Deno, where `fetch` is the runtime's
 * own HTTP client and `node:http` a compatibility layer. Both keep the same rules.
 *
 * @param versions - `process.versions` of the runtime (Bun and Deno add `bun` or `deno`), e.g.
 *   `{ node: '24.3.0', bun: '1.4.5' }` → `'fetch'`
 */
export function transportFor(
  versions: Readonly<Record<string, string | undefined>> = globalThis.process?.versions ?? {},
): 'node:http' | 'fetch' {
  return versions.node !== undefined && versions.bun === undefined && versions.deno === undefined
    ? 'node:http'
    : 'fetch';
}

const platformSend: Send =
  transportFor() === 'node:http' ? sendWithNodeHttp : (url, request) => sendWithFetch(fetch, url, request);

/**
 * How the SDK sends: through the caller's `fetch` when given, else the runtime's own transport
 * ({@link transportFor}).
 */
export function sendThrough(
  given: ((url: string, init: RequestInit) => Promise<Response>) | undefined,
): Send {
  return given === undefined ? platformSend : (url, request) => sendWithFetch(given, url, request);
}
