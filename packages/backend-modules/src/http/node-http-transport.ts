// The modules, not their functions: read at each call, so that what patches them (MSW's
// interceptor in tests, an APM agent) sees the SDK's requests.
import http from 'node:http';
import https from 'node:https';
import { OnesValidationError } from '@ones.dev/common';

/** One request as the SDK sends it: a string body at most, and a signal that ends it. */
export interface WireRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly signal: AbortSignal;
}

/** What came back: the status, the body as text, and one header reader. */
export interface WireAnswer {
  readonly status: number;
  readonly text: string;
  header(name: string): string | null;
}

/** No IdP or signer answer the SDK reads comes near this; a larger one is refused unread. */
export const MAX_ANSWER_BYTES = 1_048_576;

/**
 * Sends one request with `node:http`/`node:https` through their global agents (keep-alive, and
 * whatever the application configured on them: a proxy agent, `NODE_USE_ENV_PROXY`, CA options).
 * Under load it costs about half the CPU of `fetch` per request, whose WHATWG streams and objects
 * the SDK does not need (bench/ciba-load.bench.mjs). Redirects are not followed: a 3xx is an answer.
 * A body over {@link MAX_ANSWER_BYTES} ends the request with `ERR_VALIDATION_RESPONSE`.
 *
 * @throws the platform's error when nothing answers or `signal` aborts (the caller names it)
 */
export function sendWithNodeHttp(url: string, request: WireRequest): Promise<WireAnswer> {
  const headers: Record<string, string | number> = { ...request.headers };
  if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? https.request : http.request;
    const outgoing = send(url, { method: request.method, headers, signal: request.signal }, (answer) => {
      const declared = Number(answer.headers['content-length'] ?? 0);
      if (declared > MAX_ANSWER_BYTES) return outgoing.destroy(tooLarge(request.method, url));
      const chunks: Buffer[] = [];
      let received = 0;
      let overflow = false;
      answer.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received <= MAX_ANSWER_BYTES) return void chunks.push(chunk);
        overflow = true;
        reject(tooLarge(request.method, url));
        outgoing.destroy();
      });
      answer.on('error', reject);
      answer.on('end', () => {
        if (overflow) return;
        const { headers: received } = answer;
        resolve({
          status: answer.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          header: (name) => {
            const value = received[name.toLowerCase()];
            return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
          },
        });
      });
    });
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

/** The error for an answer over {@link MAX_ANSWER_BYTES}. */
export function tooLarge(method: string, url: string): OnesValidationError {
  const { pathname } = new URL(url);
  return new OnesValidationError(
    'ERR_VALIDATION_RESPONSE',
    `${method} ${pathname} answered with more than ${MAX_ANSWER_BYTES} bytes; the SDK reads no answer that large`,
  );
}
