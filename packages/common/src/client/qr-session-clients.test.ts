import { describe, expect, it } from 'vitest';
import { HOST, json, rejectionOf, useCustomerBackend } from '../../test/support/customer-routes.js';
import { OnesHttpError } from '../errors/errors.js';
import { makeQrSessionClientV2 } from './make-qr-session-client-v2.js';
import { qrSessionStatusClientV2 } from './qr-session-status-client-v2.js';

const { route } = useCustomerBackend();
const SESSION = {
  sessionId: 'qr-1',
  cbUrl: 'https://id.example/qr-auth/sessions/qr-1/callback',
  expIn: 120,
  exp: 1_900_000_000,
  interval: 2,
};

describe('makeQrSessionClientV2', () => {
  it('posts without a body to the make route and returns the session, pending', async () => {
    const backend = route('/api/auth/qr/make', () => json(SESSION));
    await expect(makeQrSessionClientV2(HOST)).resolves.toEqual({ ...SESSION, status: 'pending' });
    expect(backend.received[0]?.rawBody).toBe('');
  });

  it('rejects a session whose cbUrl is not an http(s) URL', async () => {
    route('/api/auth/qr/make', () => json({ ...SESSION, cbUrl: 'javascript:alert(1)' }));
    const error = await rejectionOf(makeQrSessionClientV2(HOST));
    expect(error.code).toBe('ERR_VALIDATION_RESPONSE');
    expect(error.message).toBe('QR session answer: "cbUrl" must be an absolute http(s) URL');
  });
});

describe('qrSessionStatusClientV2', () => {
  it('posts the session id and returns the status, with authRequestId once scanned', async () => {
    const backend = route('/api/auth/qr/status', () =>
      json({ sessionId: 'qr-1', exp: 1_900_000_000, authRequestId: 'req-9' }),
    );
    await expect(qrSessionStatusClientV2(HOST, 'qr-1')).resolves.toEqual({
      sessionId: 'qr-1',
      exp: 1_900_000_000,
      authRequestId: 'req-9',
    });
    expect(backend.received[0]?.body).toEqual({ sessionId: 'qr-1' });
  });

  it('turns a 404 into ERR_QR_SESSION_NOT_FOUND', async () => {
    route('/api/auth/qr/status', () => json({ message: 'Not Found' }, 404));
    const error = await rejectionOf(qrSessionStatusClientV2(HOST, 'qr-gone'));
    expect(error).toBeInstanceOf(OnesHttpError);
    expect(error.code).toBe('ERR_QR_SESSION_NOT_FOUND');
    expect(error.response).toEqual({ status: 404, data: { message: 'Not Found' } });
  });

  it('rejects a malformed session id before sending', async () => {
    const error = await rejectionOf(qrSessionStatusClientV2(HOST, 'bad id'));
    expect(error.message).toBe('"sessionId" must be 1 to 512 visible ASCII characters');
  });
});
