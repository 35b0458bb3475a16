import { describe, expect, it } from 'vitest';
import { OnesHttpError, OnesOAuthError } from '../errors/errors.js';
import { errorForHttpAnswer } from './answer-error.js';
import { parseRetryAfter, readHttpAnswer } from './http-answer.js';

const NOW = Date.parse('2026-11-30T12:00:00Z');

describe('parseRetryAfter', () => {
  it.each([
    ['7', 7],
    [' 120 ', 120],
    ['0', 0],
    ['Mon, 30 Nov 2026 12:00:30 GMT', 30],
    ['Monday, 30-Nov-26 12:01:00 GMT', 60],
    ['Mon Nov 30 12:00:05 2026', 5],
    ['Mon, 30 Nov 2026 11:59:00 GMT', 0],
    ['999999999', 86_400],
  ])('reads %j as %i seconds', (header, seconds) => {
    expect(parseRetryAfter(header, NOW)).toBe(seconds);
  });

  it.each([null, undefined, '', '-5', '1.5', 'soon', '7 seconds'])('ignores %j', (header) => {
    expect(parseRetryAfter(header, NOW)).toBeUndefined();
  });
});

describe('readHttpAnswer and errorForHttpAnswer', () => {
  it('reads JSON, text (cut at 500 characters) and an empty body', () => {
    expect(readHttpAnswer(200, '{"a":1}', null)).toEqual({
      status: 200,
      json: true,
      data: { a: 1 },
      retryAfterSeconds: undefined,
    });
    expect(readHttpAnswer(502, 'x'.repeat(800), null).data).toBe('x'.repeat(500));
    expect(readHttpAnswer(204, '', null)).toMatchObject({ json: false, data: '' });
  });

  it('a 503 with Retry-After as a date is a busy OnesHttpError that says how long to wait', () => {
    const at = new Date(Date.now() + 20_000).toUTCString();
    const error = errorForHttpAnswer(
      readHttpAnswer(503, '{"error":"access_denied"}', at),
      'POST /oidc/token',
    );
    expect(error).toBeInstanceOf(OnesHttpError);
    expect(error.code).toBe('ERR_HTTP_STATUS');
    expect((error as OnesHttpError).retryAfterSeconds).toBeGreaterThanOrEqual(19);
    expect((error as OnesHttpError).retryAfterSeconds).toBeLessThanOrEqual(20);
  });

  it('an OAuth error body becomes OnesOAuthError; a route reading comes first; the body is redacted', () => {
    const answer = readHttpAnswer(400, '{"error":"invalid_grant","refresh_token":"rt-1"}', null);
    const oauth = errorForHttpAnswer(answer, 'POST /oidc/token');
    expect(oauth).toBeInstanceOf(OnesOAuthError);
    expect((oauth as OnesOAuthError).response.data).toEqual({
      error: 'invalid_grant',
      refresh_token: '[redacted]',
    });
    const routed = errorForHttpAnswer(answer, 'POST /x', (response) =>
      response.status === 400
        ? new OnesHttpError('ERR_QR_SESSION_NOT_FOUND', 'gone', { response })
        : undefined,
    );
    expect(routed.code).toBe('ERR_QR_SESSION_NOT_FOUND');
    expect(errorForHttpAnswer(readHttpAnswer(500, 'oops', null), 'GET /x').message).toBe(
      'GET /x answered HTTP 500',
    );
  });
});

describe("the login kit's refusals", () => {
  const refusal = (status: number, body: unknown, retryAfter: string | null = null) =>
    errorForHttpAnswer(
      readHttpAnswer(status, JSON.stringify(body), retryAfter),
      'POST /api/auth/oidc/bc-authorize',
    );

  it('take the kit’s code, in the message too; its reason and hint stay in response.data', () => {
    const error = refusal(403, {
      statusCode: 403,
      code: 'ERR_LOGIN_ORIGIN_REFUSED',
      message: 'the request comes from an origin that is not allowed',
      hint: 'origin http://localhost:3000 is not in `origins`',
    });
    expect(error).toBeInstanceOf(OnesHttpError);
    expect(error.code).toBe('ERR_LOGIN_ORIGIN_REFUSED');
    expect(error.message).toBe('POST /api/auth/oidc/bc-authorize answered HTTP 403 ERR_LOGIN_ORIGIN_REFUSED');
    expect((error as OnesHttpError).response?.data).toMatchObject({
      hint: 'origin http://localhost:3000 is not in `origins`',
    });
  });

  it('a busy refusal keeps its code and Retry-After', () => {
    const error = refusal(
      429,
      { statusCode: 429, code: 'ERR_LOGIN_RATE_LIMITED', message: 'too many' },
      '30',
    );
    expect([error.code, (error as OnesHttpError).retryAfterSeconds]).toEqual(['ERR_LOGIN_RATE_LIMITED', 30]);
  });

  it("a newer kit's code passes; any other code, or none, is ERR_HTTP_STATUS", () => {
    expect(refusal(403, { code: 'ERR_LOGIN_ADDED_LATER', message: 'x' }).code).toBe('ERR_LOGIN_ADDED_LATER');
    expect(refusal(403, { code: 'err_login_origin_refused' }).code).toBe('ERR_HTTP_STATUS');
    expect(refusal(403, { code: 'ERR_OAUTH_ACCESS_DENIED' }).code).toBe('ERR_HTTP_STATUS');
    expect(refusal(403, { code: 'ERR_LOGIN_' }).code).toBe('ERR_HTTP_STATUS');
    expect(refusal(403, { code: ['ERR_LOGIN_INTERNAL'] }).code).toBe('ERR_HTTP_STATUS');
    expect(refusal(403, { code: `ERR_LOGIN_${'X'.repeat(31)}` }).code).toBe('ERR_HTTP_STATUS');
    expect(errorForHttpAnswer(readHttpAnswer(500, 'null', null), 'GET /x').code).toBe('ERR_HTTP_STATUS');
  });
});
