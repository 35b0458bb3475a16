import { describe, expect, it } from 'vitest';
import { OnesAbortError } from '../errors/ones-abort-error.js';
import { OnesHttpError } from '../errors/ones-http-error.js';
import { OnesOAuthError } from '../errors/ones-oauth-error.js';
import { OnesTimeoutError } from '../errors/ones-timeout-error.js';
import { countdownText, escapeHtml } from './widget-dom.js';
import { failureOf } from './widget-outcome.js';
import { ONES_LOGIN_STRINGS, stringsFor } from './widget-strings.js';

const en = ONES_LOGIN_STRINGS.en;
const oauth = (code: ConstructorParameters<typeof OnesOAuthError>[0], error: string) =>
  new OnesOAuthError(code, error, { error, response: { status: 400, data: { error } } });
const httpStatus = (status: number) =>
  new OnesHttpError('ERR_HTTP_STATUS', `HTTP ${status}`, { response: { status, data: {} } } as never);

describe('failureOf: what the widget shows for each way a login ends', () => {
  it.each([
    [oauth('ERR_OAUTH_ACCESS_DENIED', 'access_denied'), 'denied', 'denied'],
    [oauth('ERR_OAUTH_EXPIRED_TOKEN', 'expired_token'), 'expired', 'expired'],
    [new OnesTimeoutError('ERR_TIMEOUT_POLLING', 'timed out'), 'expired', 'expired'],
    [new OnesHttpError('ERR_QR_SESSION_NOT_FOUND', 'gone'), 'expired', 'expired'],
    [oauth('ERR_OAUTH_UNKNOWN_USER_ID', 'unknown_user_id'), 'unknown-user', 'unknownUser'],
    [new OnesHttpError('ERR_HTTP_NETWORK', 'unreachable'), 'network-error', 'networkError'],
    [new OnesTimeoutError('ERR_TIMEOUT_REQUEST', 'slow'), 'network-error', 'networkError'],
    [httpStatus(502), 'network-error', 'networkError'],
    [httpStatus(429), 'error', 'tooMany'],
    [httpStatus(400), 'error', 'failed'],
    [new OnesAbortError('aborted'), 'error', 'failed'],
    [new TypeError('not a OnesError'), 'error', 'failed'],
  ])('%s → %s', (error, state, message) => {
    expect(failureOf(error)).toEqual({ state, message });
  });
});

describe('the widget strings and helpers', () => {
  it('German for de and its regions, English for everything else', () => {
    expect(stringsFor('de').submit).toBe('Anmelden');
    expect(stringsFor('de-AT').submit).toBe('Anmelden');
    expect(stringsFor('en-GB').submit).toBe('Log in');
    expect(stringsFor('fr').submit).toBe('Log in');
    expect(stringsFor(undefined).submit).toBe('Log in');
    expect(Object.keys(ONES_LOGIN_STRINGS.de).sort()).toEqual(Object.keys(en).sort());
  });

  it('escapes what goes into HTML text and attributes', () => {
    expect(escapeHtml('<img src=x onerror="alert(1)">&')).toBe(
      '&#60;img src=x onerror=&#34;alert(1)&#34;&#62;&#38;',
    );
  });

  it('counts down in m:ss, never below 0:00', () => {
    expect(countdownText(Date.now() + 119_100)).toBe('2:00');
    expect(countdownText(Date.now() + 61_000)).toBe('1:01');
    expect(countdownText(Date.now() - 5_000)).toBe('0:00');
  });
});
