import { OnesError } from '@ones.dev/common';
import type { WireAnswer, WireRequest } from './node-http-transport.js';

/**
 * A plain `fetch` over one of the SDK's transports (`send`), for libraries that take a fetch
 * function (jose's JWKS): the transport's rules (no redirect, 1 MiB at most) and `timeoutMs` when
 * the caller gives no `signal`. It rejects as fetch does: with the signal's reason when it aborts
 * (jose tells a timeout by it), a `TypeError` when nothing answers (an outage, never a verdict on a
 * token), the SDK's own error for an answer too large. Status codes are the caller's to check.
 */
export function rawFetchOver(
  send: (url: string, request: WireRequest) => Promise<WireAnswer>,
  timeoutMs: number,
): (url: string, init: RequestInit) => Promise<Response> {
  return async (url, init) => {
    const signal = init.signal ?? AbortSignal.timeout(timeoutMs);
    const request = {
      method: init.method ?? 'GET',
      headers: headerRecord(new Headers(init.headers ?? {})),
      signal,
    };
    const answer = await send(url, request).catch((error: unknown) => {
      if (signal.aborted) throw signal.reason;
      throw error instanceof OnesError ? error : new TypeError('fetch failed', { cause: error });
    });
    const contentType = answer.header('content-type');
    return new Response(answer.status === 204 || answer.status === 304 ? null : answer.text, {
      status: answer.status,
      headers: contentType === null ? {} : { 'content-type': contentType },
    });
  };
}

/** The headers as a plain record, for node:http. */
function headerRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}
