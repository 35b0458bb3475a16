import { MAX_ANSWER_BYTES, tooLarge, type WireAnswer, type WireRequest } from './node-http-transport.js';

/**
 * Sends one request through a caller's `fetch` (or ky) with the rules of the default transport: no
 * redirect is followed (a 307 would post the form, assertions included, elsewhere), and the answer
 * is read up to {@link MAX_ANSWER_BYTES}, declared or streamed.
 */
export async function sendWithFetch(
  given: (url: string, init: RequestInit) => Promise<Response>,
  url: string,
  request: WireRequest,
): Promise<WireAnswer> {
  const response = await given(url, { ...request, redirect: 'manual' });
  if (Number(response.headers.get('content-length') ?? 0) > MAX_ANSWER_BYTES) {
    await response.body?.cancel();
    throw tooLarge(request.method, url);
  }
  const bytes: Uint8Array[] = [];
  let received = 0;
  const reader = response.body?.getReader();
  for (let chunk = await reader?.read(); chunk !== undefined && !chunk.done; chunk = await reader?.read()) {
    received += chunk.value.byteLength;
    if (received > MAX_ANSWER_BYTES) {
      await reader?.cancel();
      throw tooLarge(request.method, url);
    }
    bytes.push(chunk.value);
  }
  return {
    status: response.status,
    text: Buffer.concat(bytes).toString('utf8'),
    header: (name) => response.headers.get(name),
  };
}
