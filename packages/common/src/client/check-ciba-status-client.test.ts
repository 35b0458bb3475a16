import { inspect } from 'node:util';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { HOST, json, rejectionOf, useCustomerBackend } from '../../test/support/customer-routes.js';
import { OnesHttpError, OnesOAuthError, OnesValidationError } from '../errors/errors.js';
import { checkCibaStatusClient } from './check-ciba-status-client.js';

const { route } = useCustomerBackend();
const PATH = '/api/auth/oidc/token';
const TOKENS = {
  access_token: 'at-1',
  token_type: 'Bearer',
  expires_in: 3600,
  id_token: 'h.p.s',
  scope: 'openid',
};

describe('checkCibaStatusClient', () => {
  it('posts the auth request id and returns the tokens', async () => {
    const backend = route(PATH, () => json(TOKENS));
    await expect(checkCibaStatusClient(HOST, 'req-1')).resolves.toEqual(TOKENS);
    expect(backend.received[0]?.body).toEqual({ authRequestId: 'req-1' });
  });

  it('keeps no credential a route echoes in its error body, and no request header in a network error', async () => {
    route(PATH, () =>
      json(
        { error: 'invalid_grant', refresh_token: 'rt-echoed', error_description: 'Bearer at-echoed refused' },
        400,
      ),
    );
    const error = await rejectionOf(checkCibaStatusClient(HOST, 'req-1'));
    expect(error.code).toBe('ERR_OAUTH_INVALID_GRANT');
    expect(error.response).toEqual({
      status: 400,
      data: {
        error: 'invalid_grant',
        refresh_token: '[redacted]',
        error_description: 'Bearer [redacted] refused',
      },
    });
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY })).not.toMatch(/rt-echoed|at-echoed/);

    const leaky: typeof fetch = async (_input, init) => {
      throw Object.assign(new TypeError('Failed to fetch'), { headers: init?.headers });
    };
    const network = await rejectionOf(
      checkCibaStatusClient(HOST, 'req-1', {
        fetch: leaky,
        headers: { authorization: 'Bearer csrf-secret' },
      }),
    );
    expect(network.code).toBe('ERR_HTTP_NETWORK');
    expect(inspect(network, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain(
      'csrf-secret',
    );
  });

  it('treats a bare HTTP 400 as "still pending", as the vendor contract says', async () => {
    route(PATH, () => json({ statusCode: 400, message: 'Bad Request' }, 400));
    const error = await rejectionOf(checkCibaStatusClient(HOST, 'req-1'));
    expect(error).toBeInstanceOf(OnesOAuthError);
    expect(error.code).toBe('ERR_OAUTH_AUTHORIZATION_PENDING');
    expect(error.error).toBe('authorization_pending');
    // the vendor's examples check this
    expect((error.response as { status: number }).status).toBe(400);
  });

  it('treats NestJS BadRequestException("…") as "still pending": its "error" is not an OAuth code', async () => {
    route(PATH, () => json({ statusCode: 400, message: 'Authorization pending', error: 'Bad Request' }, 400));
    const error = await rejectionOf(checkCibaStatusClient(HOST, 'req-1'));
    expect(error.code).toBe('ERR_OAUTH_AUTHORIZATION_PENDING');
    expect(error.response).toEqual({
      status: 400,
      data: { statusCode: 400, message: 'Authorization pending', error: 'Bad Request' },
    });
  });

  it.each([
    [503, { error: 'temporarily_unavailable' }],
    [503, { statusCode: 503, message: 'Service Unavailable', error: 'Service Unavailable' }],
    [429, { error: 'slow_down' }],
  ])('keeps a busy %i retryable whatever its body (%j)', async (status, body) => {
    route(PATH, () => json(body, status, { 'retry-after': '3' }));
    const error = await rejectionOf(checkCibaStatusClient(HOST, 'req-1'));
    expect(error).toBeInstanceOf(OnesHttpError);
    expect(error.code).toBe('ERR_HTTP_STATUS');
    expect(error.retryAfterSeconds).toBe(3);
    expect(error.response).toEqual({ status, data: body });
  });

  it.each([
    ['authorization_pending', 'ERR_OAUTH_AUTHORIZATION_PENDING'],
    ['slow_down', 'ERR_OAUTH_SLOW_DOWN'],
    ['access_denied', 'ERR_OAUTH_ACCESS_DENIED'],
    ['expired_token', 'ERR_OAUTH_EXPIRED_TOKEN'],
    ['invalid_grant', 'ERR_OAUTH_INVALID_GRANT'],
    ['transaction_failed', 'ERR_OAUTH_TRANSACTION_FAILED'],
    ['something_new', 'ERR_OAUTH_OTHER'],
  ])('maps the OAuth error %s to %s', async (oauthError, code) => {
    route(PATH, () => json({ error: oauthError }, 400));
    const error = await rejectionOf(checkCibaStatusClient(HOST, 'req-1'));
    expect(error).toBeInstanceOf(OnesOAuthError);
    expect(error.code).toBe(code);
    expect(error.response).toEqual({ status: 400, data: { error: oauthError } });
  });

  it('keeps Retry-After of a 503 on the error', async () => {
    route(PATH, () => new HttpResponse('busy', { status: 503, headers: { 'retry-after': '7' } }));
    const error = await rejectionOf(checkCibaStatusClient(HOST, 'req-1'));
    expect(error).toBeInstanceOf(OnesHttpError);
    expect(error.code).toBe('ERR_HTTP_STATUS');
    expect(error.retryAfterSeconds).toBe(7);
  });

  it('rejects a tokens answer without access_token, without echoing any token', async () => {
    route(PATH, () => json({ token_type: 'Bearer', refresh_token: 'secret-refresh' }));
    const error = await rejectionOf(checkCibaStatusClient(HOST, 'req-1'));
    expect(error).toBeInstanceOf(OnesValidationError);
    expect(error.message).toBe('CIBA status answer: "access_token" must be a non-empty string');
    expect(error.message).not.toContain('secret-refresh');
  });

  it.each([[''], ['has space'], ['x'.repeat(513)]])('rejects the auth request id %j', async (authReqId) => {
    const error = await rejectionOf(checkCibaStatusClient(HOST, authReqId));
    expect(error.code).toBe('ERR_VALIDATION_ARGUMENT');
    expect(error.message).toBe('"authReqId" must be 1 to 512 visible ASCII characters');
  });
});
