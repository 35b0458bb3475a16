import type { Clock } from '../settings/clock.js';
import { LoginRefusal } from './answers.js';

/** The limits on a body: its size in bytes, and how long it may take to arrive. */
export interface BodyLimits {
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

const tooLarge = (maxBytes: number) =>
  new LoginRefusal('ERR_LOGIN_BODY_TOO_LARGE', `the body is larger than ${maxBytes} bytes`);

/** The body's bytes, stopping as soon as they pass the cap or the time is up. */
async function readCapped(
  body: ReadableStream<Uint8Array>,
  limits: BodyLimits,
  clock: Clock,
): Promise<Uint8Array> {
  const reader = body.getReader();
  let stopTimer = () => {};
  const timedOut = new Promise<'timeout'>((fire) => {
    stopTimer = clock.after(limits.timeoutMs, () => fire('timeout'));
  });
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for (;;) {
      const next = await Promise.race([reader.read(), timedOut]);
      if (next === 'timeout') {
        throw new LoginRefusal(
          'ERR_LOGIN_BODY_TIMEOUT',
          `the body did not arrive within ${limits.timeoutMs / 1000} s`,
        );
      }
      if (next.done) break;
      length += next.value.byteLength;
      if (length > limits.maxBytes) throw tooLarge(limits.maxBytes);
      chunks.push(next.value);
    }
  } catch (error) {
    await reader.cancel().catch(() => {});
    throw error;
  } finally {
    stopTimer();
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
 * Reads a JSON object body within `limits`: refused unread when its `Content-Length` is over the
 * cap, cut off as soon as the bytes pass it, and cut off when it has not all arrived in time (a
 * slow body holds a connection open). An empty body reads as `{}`.
 *
 * @example
 * const body = await readJsonBody(request, { maxBytes: 4096, timeoutMs: 5000 }, systemClock);
 * @throws LoginRefusal ERR_LOGIN_BODY_TOO_LARGE (413), ERR_LOGIN_BODY_TIMEOUT (408), ERR_LOGIN_BODY_INVALID (400)
 */
export async function readJsonBody(
  request: Request,
  limits: BodyLimits,
  clock: Clock,
): Promise<Record<string, unknown>> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > limits.maxBytes) throw tooLarge(limits.maxBytes);
  if (request.body === null) return {};
  const bytes = await readCapped(request.body, limits, clock);
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
