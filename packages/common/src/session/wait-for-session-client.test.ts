import { describe, expect, it } from 'vitest';
import { HOST, json, rejectionOf, scripted, useCustomerBackend } from '../../test/support/customer-routes.js';
import { advanceUntilSettled, gapsBetween, useFakeClock } from '../../test/support/fake-clock.js';
import { checkCibaStatusClient } from '../client/check-ciba-status-client.js';
import type { PollEvent } from '../polling/poll-until.js';
import { waitForSessionClient } from './wait-for-session-client.js';

const { route } = useCustomerBackend();
useFakeClock();
const PATH = '/api/auth/oidc/token';
const SESSION = { user: { sub: 'user-alice', name: 'Alice' }, expiresAt: 1_900_000_000 };
const LOGIN = { auth_req_id: 'req-1', expires_in: 60, interval: 2 };

describe('waitForSessionClient against the login kit in session mode', () => {
  it('202 { status: "pending" } keeps it polling every interval; the session ends the wait', async () => {
    const backend = route(
      PATH,
      scripted(
        () => json({ status: 'pending' }, 202),
        () => json({ status: 'pending' }, 202),
        () => json(SESSION),
      ),
    );
    const events: PollEvent[] = [];
    const start = Date.now();
    const session = await advanceUntilSettled(
      waitForSessionClient(HOST, LOGIN, { onPoll: (event) => events.push(event) }),
    );
    expect(session).toEqual(SESSION);
    expect(
      gapsBetween(
        start,
        backend.received.map((r) => r.at),
      ),
    ).toEqual([2000, 2000, 2000]);
    expect(events.map((event) => event.outcome)).toEqual(['pending', 'pending']);
  });

  it('202 { status: "slow_down" } adds 5 s to the interval, as a 400 slow_down does', async () => {
    const backend = route(
      PATH,
      scripted(
        () => json({ status: 'slow_down' }, 202),
        () => json(SESSION),
      ),
    );
    const start = Date.now();
    await advanceUntilSettled(waitForSessionClient(HOST, LOGIN));
    expect(
      gapsBetween(
        start,
        backend.received.map((r) => r.at),
      ),
    ).toEqual([2000, 7000]);
  });

  it("still reads a 400 authorization_pending (tokens mode, the vendor's routes) as pending", async () => {
    route(
      PATH,
      scripted(
        () => json({ error: 'authorization_pending' }, 400),
        () => json(SESSION),
      ),
    );
    await expect(advanceUntilSettled(waitForSessionClient(HOST, LOGIN))).resolves.toEqual(SESSION);
  });

  it("the kit's 429 ERR_LOGIN_RATE_LIMITED and 503 ERR_LOGIN_STORE_UNAVAILABLE wait as Retry-After asks", async () => {
    const backend = route(
      PATH,
      scripted(
        () =>
          json({ statusCode: 429, code: 'ERR_LOGIN_RATE_LIMITED', message: 'slow' }, 429, {
            'retry-after': '7',
          }),
        () =>
          json({ statusCode: 503, code: 'ERR_LOGIN_STORE_UNAVAILABLE', message: 'store' }, 503, {
            'retry-after': '5',
          }),
        () => json(SESSION),
      ),
    );
    const start = Date.now();
    await expect(advanceUntilSettled(waitForSessionClient(HOST, LOGIN))).resolves.toEqual(SESSION);
    expect(
      gapsBetween(
        start,
        backend.received.map((r) => r.at),
      ),
    ).toEqual([2000, 7000, 5000]);
  });

  it('a 202 with another status, or a denial, ends the wait with the matching error', async () => {
    route(PATH, () => json({ status: 'approved' }, 202));
    const odd = await rejectionOf(advanceUntilSettled(waitForSessionClient(HOST, LOGIN)));
    expect(odd.code).toBe('ERR_VALIDATION_RESPONSE');
    route(PATH, () => json({ error: 'access_denied' }, 400));
    const denied = await rejectionOf(advanceUntilSettled(waitForSessionClient(HOST, LOGIN)));
    expect(denied.code).toBe('ERR_OAUTH_ACCESS_DENIED');
  });
});

describe("checkCibaStatusClient against the kit's session mode", () => {
  it('a 202 pending or slow_down is the same error as the vendor 400, with the real status', async () => {
    route(PATH, () => json({ status: 'pending' }, 202));
    const pending = await rejectionOf(checkCibaStatusClient(HOST, 'req-1'));
    expect([pending.code, pending.response]).toEqual([
      'ERR_OAUTH_AUTHORIZATION_PENDING',
      { status: 202, data: { status: 'pending' } },
    ]);
    route(PATH, () => json({ status: 'slow_down' }, 202));
    expect((await rejectionOf(checkCibaStatusClient(HOST, 'req-1'))).code).toBe('ERR_OAUTH_SLOW_DOWN');
  });

  it('tokens that happen to carry a status field are tokens', async () => {
    const tokens = { access_token: 'at-1', token_type: 'Bearer', status: 'pending' };
    route(PATH, () => json(tokens));
    await expect(checkCibaStatusClient(HOST, 'req-1')).resolves.toMatchObject({ access_token: 'at-1' });
  });
});
