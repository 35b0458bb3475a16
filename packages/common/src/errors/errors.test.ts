import { describe, expect, it } from 'vitest';
import { OnesAbortError, OnesError, OnesHttpError, OnesOAuthError } from './errors.js';
import { isOnesError } from './is-ones-error.js';
import { oauthErrorFromResponse } from './oauth-error-from-response.js';

describe('OnesError hierarchy', () => {
  it('every subclass is an OnesError and an Error with a literal name and the cause kept', () => {
    const cause = new TypeError('fetch failed');
    const error = new OnesHttpError('ERR_HTTP_NETWORK', 'POST /x failed', { cause });
    expect(error).toBeInstanceOf(OnesError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('OnesHttpError');
    expect(error.code).toBe('ERR_HTTP_NETWORK');
    expect(error.cause).toBe(cause);
    expect(new OnesAbortError('stopped').code).toBe('ERR_ABORTED');
  });

  it('isOnesError matches by class and, across package copies, by name and code', () => {
    const fromAnotherCopy = Object.assign(new Error('pending'), {
      name: 'OnesOAuthError',
      code: 'ERR_OAUTH_SLOW_DOWN',
    });
    expect(isOnesError(new OnesAbortError('x'))).toBe(true);
    expect(isOnesError(fromAnotherCopy)).toBe(true);
    expect(isOnesError(fromAnotherCopy, 'ERR_OAUTH_SLOW_DOWN')).toBe(true);
    expect(isOnesError(fromAnotherCopy, 'ERR_OAUTH_ACCESS_DENIED')).toBe(false);
    expect(isOnesError(Object.assign(new Error('x'), { name: 'OtherError', code: 'ERR_ABORTED' }))).toBe(
      false,
    );
    expect(isOnesError({ name: 'OnesError', code: 'ERR_ABORTED' })).toBe(false);
    expect(isOnesError(undefined)).toBe(false);
  });
});

describe('oauthErrorFromResponse', () => {
  it('lifts error and error_description and keeps the response', () => {
    const data = { error: 'access_denied', error_description: 'The user denied the request' };
    const error = oauthErrorFromResponse({ status: 400, data });
    expect(error).toBeInstanceOf(OnesOAuthError);
    expect(error?.code).toBe('ERR_OAUTH_ACCESS_DENIED');
    expect(error?.error).toBe('access_denied');
    expect(error?.errorDescription).toBe('The user denied the request');
    expect(error?.response).toEqual({ status: 400, data });
  });

  it('returns undefined for bodies without a string error', () => {
    expect(oauthErrorFromResponse({ status: 400, data: 'Bad Request' })).toBeUndefined();
    expect(oauthErrorFromResponse({ status: 400, data: { error: 42 } })).toBeUndefined();
    expect(oauthErrorFromResponse({ status: 400, data: null })).toBeUndefined();
  });

  it('bounds and sanitises the description it puts in the message', () => {
    const error = oauthErrorFromResponse({
      status: 400,
      data: { error: 'invalid_request', error_description: `bad\u001b[31m ${'x'.repeat(500)}` },
    });
    expect(
      error?.message.startsWith(
        'the server answered HTTP 400 with OAuth error "invalid_request": bad?[31m x',
      ),
    ).toBe(true);
    expect(error?.errorDescription).toHaveLength(200);
  });
});
