import { describe, expect, it } from 'vitest';
import { HOST, json, rejectionOf, useCustomerBackend } from '../../test/support/customer-routes.js';
import { advanceUntilSettled, gapsBetween, useFakeClock } from '../../test/support/fake-clock.js';
import { waitForCibaTokensClient } from './wait-for-ciba-tokens-client.js';
import { waitForQrAuthRequestClient } from './wait-for-qr-auth-request-client.js';

const { route } = useCustomerBackend();
useFakeClock();
const PATH = '/api/auth/qr/status';
const SESSION = { sessionId: 'qr-1', expIn: 30, interval: 2 };
const EXP = 1_900_000_000;

describe('waitForQrAuthRequestClient', () => {
  it('polls the status route until the scanned session carries authRequestId', async () => {
    const backend = route(PATH, (_, index) =>
      json(
        index < 2 ? { sessionId: 'qr-1', exp: EXP } : { sessionId: 'qr-1', exp: EXP, authRequestId: 'req-7' },
      ),
    );
    const start = Date.now();
    const scanned = await advanceUntilSettled(waitForQrAuthRequestClient(HOST, SESSION));
    expect(scanned).toEqual({
      sessionId: 'qr-1',
      exp: EXP,
      authRequestId: 'req-7',
      auth_req_id: 'req-7',
      expires_in: 120,
    });
    expect(
      gapsBetween(
        start,
        backend.received.map((r) => r.at),
      ),
    ).toEqual([2000, 2000, 2000]);
    expect(backend.received[0]?.body).toEqual({ sessionId: 'qr-1' });
    expect(backend.maxInFlight).toBe(1);
  });

  it("carries the linked login's expires_in and interval, so the login is polled at the IdP's pace", async () => {
    route(PATH, () =>
      json({ sessionId: 'qr-1', exp: EXP, authRequestId: 'req-8', expires_in: 57, interval: 3 }),
    );
    const scanned = await advanceUntilSettled(waitForQrAuthRequestClient(HOST, SESSION));
    expect(scanned).toMatchObject({ auth_req_id: 'req-8', expires_in: 57, interval: 3 });
    const ciba = route('/api/auth/oidc/token', (_, index) =>
      index < 2
        ? json({ error: 'authorization_pending' }, 400)
        : json({ access_token: 'at', token_type: 'Bearer' }),
    );
    const start = Date.now();
    const tokens = await advanceUntilSettled(waitForCibaTokensClient(HOST, scanned));
    expect(tokens.access_token).toBe('at');
    expect(ciba.received[0]?.body).toEqual({ authRequestId: 'req-8' });
    expect(
      gapsBetween(
        start,
        ciba.received.map((r) => r.at),
      ),
    ).toEqual([3000, 3000, 3000]);
  });

  it('ends with ERR_QR_SESSION_NOT_FOUND when the backend forgets the session', async () => {
    route(PATH, (_, index) =>
      index < 1 ? json({ sessionId: 'qr-1', exp: EXP }) : json({ message: 'Not Found' }, 404),
    );
    const error = await rejectionOf(advanceUntilSettled(waitForQrAuthRequestClient(HOST, SESSION)));
    expect(error.code).toBe('ERR_QR_SESSION_NOT_FOUND');
  });

  it('ends with ERR_TIMEOUT_POLLING when nobody scans before expIn', async () => {
    const backend = route(PATH, () => json({ sessionId: 'qr-1', exp: EXP }));
    const error = await rejectionOf(advanceUntilSettled(waitForQrAuthRequestClient(HOST, SESSION)));
    expect(error.code).toBe('ERR_TIMEOUT_POLLING');
    expect(error.message).toBe('the QR session expired after 30 s');
    expect(backend.received).toHaveLength(14);
  });
});
