import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/support/manual-clock.js';
import { LoginRefusal } from './answers.js';
import { readJsonBody } from './read-json-body.js';

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
