import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/support/manual-clock.js';
import { LoginRefusal } from './answers.js';
import { type HeaderReader, nodeHeaders } from './header-reader.js';
import { readJsonBody, readNodeJsonBody } from './read-json-body.js';

const limits = { maxBytes: 64, timeoutMs: 5_000 };
const encoder = new TextEncoder();

/** A request whose body arrives in `chunks`; `stall` keeps the stream open after them. */
function requestOf(chunks: Uint8Array[], init: { stall?: boolean; headers?: Record<string, string> } = {}) {
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (!init.stall) controller.close();
    },
    cancel() {
      cancelled = true;
    },
  });
  const request = new Request('https://shop.example/api/auth/logout', {
    method: 'POST',
    body,
    headers: init.headers ?? {},
    duplex: 'half',
  } as RequestInit);
  return { request, cancelled: () => cancelled };
}

const refusalOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(LoginRefusal);
  const refusal = error as LoginRefusal;
  return [refusal.code, refusal.status, refusal.message];
};

describe('readJsonBody', () => {
  it('puts a body sent in several chunks back together', async () => {
    const { request } = requestOf([
      encoder.encode('{"user'),
      encoder.encode('Identifier":'),
      encoder.encode('"alice"}'),
    ]);
    await expect(readJsonBody(request, limits, new ManualClock())).resolves.toEqual({
      userIdentifier: 'alice',
    });
  });

  it('reads an empty body as {}', async () => {
    const { request } = requestOf([]);
    await expect(readJsonBody(request, limits, new ManualClock())).resolves.toEqual({});
  });

  it('refuses a larger Content-Length before reading a byte', async () => {
    const { request, cancelled } = requestOf([encoder.encode('{}')], { headers: { 'content-length': '65' } });
    expect(await refusalOf(readJsonBody(request, limits, new ManualClock()))).toEqual([
      'ERR_LOGIN_BODY_TOO_LARGE',
      413,
      'the body is larger than 64 bytes',
    ]);
    expect(cancelled()).toBe(false);
  });

  it('stops reading as soon as the bytes pass the cap, a body of exactly the cap passes', async () => {
    const exact = `{"a":"${'x'.repeat(56)}"}`;
    expect(exact.length).toBe(64);
    await expect(
      readJsonBody(requestOf([encoder.encode(exact)]).request, limits, new ManualClock()),
    ).resolves.toEqual({
      a: 'x'.repeat(56),
    });
    const { request, cancelled } = requestOf([encoder.encode(exact), encoder.encode(' ')], { stall: true });
    expect((await refusalOf(readJsonBody(request, limits, new ManualClock())))[0]).toBe(
      'ERR_LOGIN_BODY_TOO_LARGE',
    );
    expect(cancelled()).toBe(true);
  });

  it('cuts off a body that has not all arrived after the timeout, with 408', async () => {
    const clock = new ManualClock();
    const { request, cancelled } = requestOf([encoder.encode('{"userIdentifier":')], { stall: true });
    let outcome: unknown;
    void refusalOf(readJsonBody(request, limits, clock)).then((refusal) => (outcome = refusal));
    await clock.advance(4_999);
    expect(outcome).toBeUndefined();
    await clock.advance(1);
    expect(outcome).toEqual(['ERR_LOGIN_BODY_TIMEOUT', 408, 'the body did not arrive within 5 s']);
    expect(cancelled()).toBe(true);
    expect(clock.sleeping).toBe(0);
  });

  it('leaves no timer behind once the body is read', async () => {
    const clock = new ManualClock();
    await readJsonBody(requestOf([encoder.encode('{}')]).request, limits, clock);
    expect(clock.sleeping).toBe(0);
  });

  it.each([
    ['malformed JSON', '{"a":'],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0x7d])],
    ['an array', '[1]'],
    ['null', 'null'],
    ['a string', '"text"'],
  ])('refuses %s with 400', async (_name, body) => {
    const bytes = typeof body === 'string' ? encoder.encode(body) : body;
    const [code, status] = await refusalOf(
      readJsonBody(requestOf([bytes]).request, limits, new ManualClock()),
    );
    expect([code, status]).toEqual(['ERR_LOGIN_BODY_INVALID', 400]);
  });
});

describe('readJsonBody: what it says', () => {
  it('says why a body is refused', async () => {
    const message = async (body: string | Uint8Array) =>
      (
        await refusalOf(
          readJsonBody(
            requestOf([typeof body === 'string' ? encoder.encode(body) : body]).request,
            limits,
            new ManualClock(),
          ),
        )
      )[2];
    expect(await message('{"a":')).toBe('the body is not valid JSON');
    expect(await message('[1]')).toBe('the body must be a JSON object');
    // invalid UTF-8 inside a string: a lenient decoder would make it valid JSON
    expect(await message(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toBe(
      'the body is not valid JSON',
    );
  });

  it('takes a declared Content-Length of exactly the cap', async () => {
    const exact = `{"a":"${'x'.repeat(56)}"}`;
    const { request } = requestOf([encoder.encode(exact)], { headers: { 'content-length': '64' } });
    await expect(readJsonBody(request, limits, new ManualClock())).resolves.toEqual({ a: 'x'.repeat(56) });
  });

  it('a stream that fails is a 400, not a 500', async () => {
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(new Error('connection reset'));
      },
    });
    const request = new Request('https://shop.example/api/auth/logout', {
      method: 'POST',
      body,
      duplex: 'half',
    } as RequestInit);
    expect(await refusalOf(readJsonBody(request, limits, new ManualClock()))).toEqual([
      'ERR_LOGIN_BODY_INVALID',
      400,
      'the body could not be read',
    ]);
  });
});

describe('readNodeJsonBody: the same rules on a Node request', () => {
  /** A Node request whose body arrives in `chunks` (and stays open with `stall`). */
  function nodeRequest(
    chunks: Uint8Array[],
    init: { stall?: boolean; headers?: Record<string, string> } = {},
  ) {
    const stream = new PassThrough();
    for (const chunk of chunks) stream.write(chunk);
    if (!init.stall) stream.end();
    const request = Object.assign(stream, { headers: init.headers ?? {} }) as unknown as IncomingMessage;
    return { request, headers: nodeHeaders(request.headers) };
  }

  it('reads a body in several chunks', async () => {
    const { request, headers } = nodeRequest([
      encoder.encode('{"userIdentifier":'),
      encoder.encode('"alice"}'),
    ]);
    await expect(readNodeJsonBody(request, headers, limits, new ManualClock())).resolves.toEqual({
      userIdentifier: 'alice',
    });
  });

  it('refuses a larger Content-Length unread, and a larger body as soon as it passes the cap, and stops listening', async () => {
    const declared = nodeRequest([encoder.encode('{}')], { headers: { 'content-length': '65' } });
    expect(
      (await refusalOf(readNodeJsonBody(declared.request, declared.headers, limits, new ManualClock())))[0],
    ).toBe('ERR_LOGIN_BODY_TOO_LARGE');
    const big = nodeRequest([encoder.encode(`{"a":"${'x'.repeat(100)}"}`)], { stall: true });
    expect((await refusalOf(readNodeJsonBody(big.request, big.headers, limits, new ManualClock())))[0]).toBe(
      'ERR_LOGIN_BODY_TOO_LARGE',
    );
    expect(big.request.listenerCount('data')).toBe(0);
    expect(big.request.isPaused()).toBe(true);
  });

  it('cuts off a body that has not all arrived after the timeout', async () => {
    const clock = new ManualClock();
    const slow = nodeRequest([encoder.encode('{"a":')], { stall: true });
    let outcome: unknown;
    void refusalOf(readNodeJsonBody(slow.request, slow.headers, limits, clock)).then(
      (refusal) => (outcome = refusal),
    );
    await clock.advance(5_000);
    expect(outcome).toEqual(['ERR_LOGIN_BODY_TIMEOUT', 408, 'the body did not arrive within 5 s']);
    expect(slow.request.listenerCount('end')).toBe(0);
  });

  it('a stream error is a 400', async () => {
    const broken = nodeRequest([], { stall: true });
    const reading = refusalOf(readNodeJsonBody(broken.request, broken.headers, limits, new ManualClock()));
    broken.request.destroy(new Error('connection reset'));
    expect((await reading)[2]).toBe('the body could not be read');
  });

  it('takes the body a framework parser already read, within the same cap', async () => {
    const parsed = (body: unknown) => {
      const { request, headers } = nodeRequest([]);
      request.resume();
      return new Promise<[IncomingMessage, HeaderReader]>((ready) =>
        request.once('end', () => ready([Object.assign(request, { body }), headers])),
      );
    };
    const [small, smallHeaders] = await parsed({ userIdentifier: 'alice' });
    await expect(readNodeJsonBody(small, smallHeaders, limits, new ManualClock())).resolves.toEqual({
      userIdentifier: 'alice',
    });
    const [large, largeHeaders] = await parsed({ a: 'x'.repeat(100) });
    expect((await refusalOf(readNodeJsonBody(large, largeHeaders, limits, new ManualClock())))[0]).toBe(
      'ERR_LOGIN_BODY_TOO_LARGE',
    );
    const [exact, exactHeaders] = await parsed({ a: 'x'.repeat(56) });
    await expect(readNodeJsonBody(exact, exactHeaders, limits, new ManualClock())).resolves.toEqual({
      a: 'x'.repeat(56),
    });
    const [list, listHeaders] = await parsed([1, 2]);
    expect((await refusalOf(readNodeJsonBody(list, listHeaders, limits, new ManualClock())))[2]).toBe(
      'the body must be a JSON object',
    );
  });
});
