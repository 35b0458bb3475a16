import { LoginRefusal } from './login-answers.js';

/**
 * The CSRF rule for every state-changing route: the request comes from one of your `origins`, as
 * its `Origin` header says (browsers set it on every POST and page script cannot change it), and
 * carries `application/json`, a type an HTML form cannot send without a CORS preflight. The
 * browser helpers of `@ones.dev/common` already send both.
 */
export function checkSameOriginJson(request: Request, origins: ReadonlySet<string>): void {
  const origin = request.headers.get('origin');
  if (origin === null || !origins.has(origin)) {
    throw new LoginRefusal(
      'ERR_LOGIN_ORIGIN_REFUSED',
      origin === null
        ? 'the request has no Origin header'
        : 'the request comes from an origin that is not allowed',
    );
  }
  checkJson(request);
}

/** The body is `application/json` (the IdP's ping notification: no browser, so no `Origin`). */
export function checkJson(request: Request): void {
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new LoginRefusal('ERR_LOGIN_CONTENT_TYPE', 'the body must be sent as application/json');
  }
}

async function readCapped(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new LoginRefusal('ERR_LOGIN_BODY_TOO_LARGE', `the body is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Reads a JSON object body of at most `maxBytes`, refusing early on a larger `Content-Length` and
 * stopping the read as soon as the bytes pass the cap. An empty body reads as `{}`.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) {
    throw new LoginRefusal('ERR_LOGIN_BODY_TOO_LARGE', `the body is larger than ${maxBytes} bytes`);
  }
  if (request.body === null) return {};
  const bytes = await readCapped(request.body, maxBytes);
  if (bytes.byteLength === 0) return {};
  let data: unknown;
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new LoginRefusal('ERR_LOGIN_BODY_INVALID', 'the body is not valid JSON');
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new LoginRefusal('ERR_LOGIN_BODY_INVALID', 'the body must be a JSON object');
  }
  return data as Record<string, unknown>;
}
