import type { IncomingMessage } from 'node:http';
import type { Clock } from '../settings/clock.js';
import { LoginRefusal } from './answers.js';
import type { HeaderReader } from './header-reader.js';

/** The limits on a body: its size in bytes, and how long it may take to arrive. */
export interface BodyLimits {
  readonly maxBytes: number;
  readonly timeoutMs: number;
}

/** Where a body's bytes come from, whatever the server: chunks as they arrive, and a way to stop. */
interface ChunkSource {
  /** Calls `onChunk` per chunk and `onEnd` at the end, or `onError`; returns how to stop reading. */
  start(handlers: {
    readonly onChunk: (chunk: Uint8Array) => void;
    readonly onEnd: () => void;
    readonly onError: (error: unknown) => void;
  }): () => void;
}

const tooLarge = (maxBytes: number) =>
  new LoginRefusal('ERR_LOGIN_BODY_TOO_LARGE', `the body is larger than ${maxBytes} bytes`);

/** The body's bytes, stopping as soon as they pass the cap or the time is up. */
function readCapped(source: ChunkSource, limits: BodyLimits, clock: Clock): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let length = 0;
    // settling twice is harmless (a settled promise ignores it; stopping twice stops once)
    const settle = (outcome: () => void) => {
      cancelTimer();
      outcome();
    };
    const fail = (refusal: LoginRefusal) =>
      settle(() => {
        stop();
        reject(refusal);
      });
    const cancelTimer = clock.after(limits.timeoutMs, () =>
      fail(
        new LoginRefusal(
          'ERR_LOGIN_BODY_TIMEOUT',
          `the body did not arrive within ${limits.timeoutMs / 1000} s`,
        ),
      ),
    );
    const stop = source.start({
      onChunk: (chunk) => {
        length += chunk.byteLength;
        if (length > limits.maxBytes) return fail(tooLarge(limits.maxBytes));
        chunks.push(chunk);
      },
      onEnd: () =>
        settle(() => resolve(chunks.length === 1 ? (chunks[0] as Uint8Array) : concat(chunks, length))),
      onError: () => fail(new LoginRefusal('ERR_LOGIN_BODY_INVALID', 'the body could not be read')),
    });
  });
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** A JSON object from `bytes` (an empty body is `{}`); a 400 refusal for anything else. */
function jsonObjectOf(bytes: Uint8Array): Record<string, unknown> {
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

/** Refuses a body whose declared `Content-Length` is over the cap, before reading a byte. */
function checkDeclaredLength(headers: HeaderReader, limits: BodyLimits): void {
  if (Number(headers.get('content-length') ?? 0) > limits.maxBytes) throw tooLarge(limits.maxBytes);
}

/**
 * Reads a web `Request`'s JSON object body within `limits`: refused unread when its
 * `Content-Length` is over the cap, cut off as soon as the bytes pass it, and cut off when it has
 * not all arrived in time (a slow body holds a connection open). An empty body reads as `{}`.
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
  checkDeclaredLength(request.headers, limits);
  const body = request.body;
  if (body === null) return {};
  const reader = body.getReader();
  const source: ChunkSource = {
    start: ({ onChunk, onEnd, onError }) => {
      const pump = (): void => {
        reader.read().then(({ done, value }) => {
          if (done) return onEnd();
          onChunk(value);
          pump();
        }, onError);
      };
      pump();
      // a cancelled stream ends: the read under way resolves `done`, after the body was refused
      return () => void reader.cancel().catch(() => {});
    },
  };
  return jsonObjectOf(await readCapped(source, limits, clock));
}

/**
 * The same rules for a Node request, read from its stream (no web `Request` built). When a body
 * parser ran first (Express, NestJS), the stream is spent: its parsed `body` is taken, its JSON
 * size held to the same cap.
 *
 * @example
 * const body = await readNodeJsonBody(request, headers, { maxBytes: 4096, timeoutMs: 5000 }, systemClock);
 */
export async function readNodeJsonBody(
  request: IncomingMessage & { readonly body?: unknown },
  headers: HeaderReader,
  limits: BodyLimits,
  clock: Clock,
): Promise<Record<string, unknown>> {
  if (request.body !== undefined && request.readableEnded) {
    const text = JSON.stringify(request.body) ?? '';
    if (text.length > limits.maxBytes) throw tooLarge(limits.maxBytes);
    return jsonObjectOf(new TextEncoder().encode(text));
  }
  checkDeclaredLength(headers, limits);
  const source: ChunkSource = {
    start: ({ onChunk, onEnd, onError }) => {
      request.on('data', onChunk).once('end', onEnd).once('error', onError);
      return () => {
        request.off('data', onChunk).off('end', onEnd).off('error', onError);
        request.pause();
      };
    },
  };
  return jsonObjectOf(await readCapped(source, limits, clock));
}
