import { delay, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { HOST, json, rejectionOf, scripted, useCustomerBackend } from '../../test/support/customer-routes.js';
import { advanceUntilSettled, gapsBetween, useFakeClock } from '../../test/support/fake-clock.js';
import { OnesAbortError, OnesOAuthError, OnesTimeoutError } from '../errors/errors.js';
import type { PollEvent } from './poll-until.js';
import { waitForCibaTokensClient } from './wait-for-ciba-tokens-client.js';

const { route } = useCustomerBackend();
useFakeClock();
const PATH = '/api/auth/oidc/token';
const TOKENS = { access_token: 'at-1', token_type: 'Bearer', expires_in: 3600 };
const PENDING_400 = () => json({ statusCode: 400, message: 'Bad Request' }, 400);

describe('waitForCibaTokensClient', () => {
  it('asks at once when the login kit holds status requests (held: true), then every interval', async () => {
    const backend = route(
      PATH,
      scripted(PENDING_400, PENDING_400, () => json(TOKENS)),
    );
    const start = Date.now();
    const tokens = await advanceUntilSettled(
      waitForCibaTokensClient(HOST, {
        auth_req_id: 'req-1',
        expires_in: 60,
        interval: 2,
        held: true,
      } as never),
    );
    expect(tokens).toEqual(TOKENS);
    expect(
      gapsBetween(
        start,
        backend.received.map((r) => r.at),
      ),
    ).toEqual([0, 2000, 2000]);
  });

  it('polls every interval, one request at a time, until the user approves', async () => {
    const backend = route(
      PATH,
      scripted(PENDING_400, PENDING_400, () => json(TOKENS)),
    );
    const events: PollEvent[] = [];
    const start = Date.now();
    const tokens = await advanceUntilSettled(
      waitForCibaTokensClient(
        HOST,
        { auth_req_id: 'req-1', expires_in: 60, interval: 2 },
        { onPoll: (e) => events.push(e) },
      ),
    );
    expect(tokens).toEqual(TOKENS);
    expect(
      gapsBetween(
        start,
        backend.received.map((r) => r.at),
      ),
    ).toEqual([2000, 2000, 2000]);
    expect(backend.received.map((r) => r.body)).toEqual(Array(3).fill({ authRequestId: 'req-1' }));
    expect(backend.maxInFlight).toBe(1);
    expect(events).toEqual([
      { attempt: 1, outcome: 'pending', nextPollInSeconds: 2, remainingSeconds: 58 },
      { attempt: 2, outcome: 'pending', nextPollInSeconds: 2, remainingSeconds: 56 },
    ]);
  });

  it('never polls again after the tokens arrived', async () => {
    const backend = route(
      PATH,
      scripted(() => json(TOKENS)),
    );
    await advanceUntilSettled(
      waitForCibaTokensClient(HOST, { auth_req_id: 'req-1', expires_in: 60, interval: 1 }),
    );
    await vi.advanceTimersByTimeAsync(60_000);
    expect(backend.received).toHaveLength(1);
  });

  it('waits 5 seconds between polls when the login gave no interval', async () => {
    const backend = route(
      PATH,
      scripted(PENDING_400, () => json(TOKENS)),
    );
    const start = Date.now();
    await advanceUntilSettled(waitForCibaTokensClient(HOST, { auth_req_id: 'req-1', expires_in: 60 }));
    expect(
      gapsBetween(
        start,
        backend.received.map((r) => r.at),
      ),
    ).toEqual([5000, 5000]);
  });

  it('slow_down increases the interval by 5 seconds', async () => {
    const backend = route(
      PATH,
      scripted(
        () => json({ error: 'slow_down' }, 400),
        PENDING_400,
        () => json(TOKENS),
      ),
    );
    const start = Date.now();
    await advanceUntilSettled(
      waitForCibaTokensClient(HOST, { auth_req_id: 'req-1', expires_in: 60, interval: 2 }),
    );
    expect(
      gapsBetween(
        start,
        backend.received.map((r) => r.at),
      ),
    ).toEqual([2000, 7000, 7000]);
  });

  it('honours Retry-After when the backend answers 503', async () => {
    const backend = route(
      PATH,
      scripted(
        () => new HttpResponse('busy', { status: 503, headers: { 'retry-after': '10' } }),
        () => json(TOKENS),
      ),
    );
    const events: PollEvent[] = [];
    const start = Date.now();
    await advanceUntilSettled(
      waitForCibaTokensClient(
        HOST,
        { auth_req_id: 'req-1', expires_in: 60, interval: 1 },
        { onPoll: (e) => events.push(e) },
      ),
    );
    expect(
      gapsBetween(
        start,
        backend.received.map((r) => r.at),
      ),
    ).toEqual([1000, 10000]);
    expect(events[0]?.outcome).toBe('retry_after');
  });

  it.each([
    [429, { error: 'slow_down' }],
    [503, { error: 'temporarily_unavailable' }],
  ])('retries a busy %i with an OAuth body after its Retry-After', async (status, body) => {
    const backend = route(
      PATH,
      scripted(
        () => json(body, status, { 'retry-after': '4' }),
        () => json(TOKENS),
      ),
    );
    const start = Date.now();
    await expect(
      advanceUntilSettled(
        waitForCibaTokensClient(HOST, { auth_req_id: 'req-1', expires_in: 60, interval: 1 }),
      ),
    ).resolves.toEqual(TOKENS);
    expect(
      gapsBetween(
        start,
        backend.received.map((r) => r.at),
      ),
    ).toEqual([1000, 4000]);
  });

  it('stops with ERR_ABORTED when the signal aborts while a poll is in flight', async () => {
    const backend = route(PATH, async () => {
      await delay(5_000);
      return PENDING_400();
    });
    const controller = new AbortController();
    const waiting = waitForCibaTokensClient(
      HOST,
      { auth_req_id: 'req-1', expires_in: 60, interval: 1 },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 1_500);
    const error = await rejectionOf(advanceUntilSettled(waiting));
    expect(error).toBeInstanceOf(OnesAbortError);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(backend.received).toHaveLength(1);
  });

  it('does not start the next poll before a slow answer arrived', async () => {
    const backend = route(PATH, async (_, index) => {
      await delay(3_000);
      return index < 1 ? PENDING_400() : json(TOKENS);
    });
    const start = Date.now();
    await advanceUntilSettled(
      waitForCibaTokensClient(HOST, { auth_req_id: 'req-1', expires_in: 60, interval: 1 }),
    );
    expect(backend.maxInFlight).toBe(1);
    // first poll at 1 s, answered at 4 s; the next one waits a full interval after that
    expect(
      gapsBetween(
        start,
        backend.received.map((r) => r.at),
      ),
    ).toEqual([1000, 4000]);
  });

  it.each([
    ['access_denied', 'ERR_OAUTH_ACCESS_DENIED'],
    ['expired_token', 'ERR_OAUTH_EXPIRED_TOKEN'],
    ['transaction_failed', 'ERR_OAUTH_TRANSACTION_FAILED'],
  ])('ends at %s without polling again', async (oauthError, code) => {
    const backend = route(
      PATH,
      scripted(PENDING_400, () => json({ error: oauthError }, 400)),
    );
    const error = await rejectionOf(
      advanceUntilSettled(
        waitForCibaTokensClient(HOST, { auth_req_id: 'req-1', expires_in: 60, interval: 1 }),
      ),
    );
    expect(error).toBeInstanceOf(OnesOAuthError);
    expect(error.code).toBe(code);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(backend.received).toHaveLength(2);
  });

  it('gives up with ERR_TIMEOUT_POLLING once expires_in has passed', async () => {
    const backend = route(PATH, PENDING_400);
    const start = Date.now();
    const error = await rejectionOf(
      advanceUntilSettled(
        waitForCibaTokensClient(HOST, { auth_req_id: 'req-1', expires_in: 12, interval: 5 }),
      ),
    );
    expect(error).toBeInstanceOf(OnesTimeoutError);
    expect(error.code).toBe('ERR_TIMEOUT_POLLING');
    expect(error.message).toBe('the CIBA login expired after 12 s');
    expect(Date.now() - start).toBe(12_000);
    expect(backend.received).toHaveLength(2);
  });

  it('stops with ERR_ABORTED when the signal aborts during the wait, and sends nothing more', async () => {
    const backend = route(PATH, PENDING_400);
    const controller = new AbortController();
    const waiting = waitForCibaTokensClient(
      HOST,
      { auth_req_id: 'req-1', expires_in: 60, interval: 2 },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 3_000);
    const error = await rejectionOf(advanceUntilSettled(waiting));
    expect(error).toBeInstanceOf(OnesAbortError);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(backend.received).toHaveLength(1);
  });

  it('ends with the error an onPoll callback throws', async () => {
    route(PATH, PENDING_400);
    const error = await rejectionOf(
      advanceUntilSettled(
        waitForCibaTokensClient(
          HOST,
          { auth_req_id: 'req-1', expires_in: 60, interval: 1 },
          {
            onPoll: () => {
              throw new Error('ui gone');
            },
          },
        ),
      ),
    );
    expect(error.message).toBe('ui gone');
  });

  it.each([
    [
      { auth_req_id: 'req-1', expires_in: Number.NaN },
      '"login.expires_in" must be a positive number of seconds',
    ],
    [{ auth_req_id: 'req-1', expires_in: 0 }, '"login.expires_in" must be a positive number of seconds'],
    [
      { auth_req_id: 'req-1', expires_in: 60, interval: -1 },
      '"login.interval" must be a number of seconds, zero or more',
    ],
  ])(
    'refuses a login it could never finish waiting for (%j), without sending anything',
    async (login, message) => {
      const error = await rejectionOf(waitForCibaTokensClient(HOST, login));
      expect(error.code).toBe('ERR_VALIDATION_ARGUMENT');
      expect(error.message).toBe(message);
    },
  );
});

describe('waitForCibaTokensClient on the real clock', () => {
  it('caps a poll still in flight at the deadline and reports ERR_TIMEOUT_POLLING on time', async () => {
    vi.useRealTimers();
    route(PATH, async () => {
      await delay(5_000);
      return PENDING_400();
    });
    const started = performance.now();
    const error = await rejectionOf(
      waitForCibaTokensClient(HOST, { auth_req_id: 'req-1', expires_in: 2, interval: 1 }),
    );
    expect(error.code).toBe('ERR_TIMEOUT_POLLING');
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
