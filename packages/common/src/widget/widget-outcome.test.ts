import { describe, expect, it } from 'vitest';
import { OnesAbortError, OnesHttpError, OnesOAuthError, OnesTimeoutError } from '../errors/errors.js';
import { de } from './locales/de.js';
import { countdownText, escapeHtml } from './widget-dom.js';
import { failureOf } from './widget-outcome.js';
import { loadOnesLoginStrings, ONES_LOGIN_STRINGS } from './widget-strings.js';

const en = ONES_LOGIN_STRINGS.en;
const oauth = (code: ConstructorParameters<typeof OnesOAuthError>[0], error: string) =>
  new OnesOAuthError(code, error, { error, response: { status: 400, data: { error } } });
const kit = (code: ConstructorParameters<typeof OnesHttpError>[0], status: number) =>
  new OnesHttpError(code, `HTTP ${status} ${code}`, { response: { status, data: { code } } });
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
    [kit('ERR_LOGIN_RATE_LIMITED', 429), 'error', 'tooMany'],
    [kit('ERR_LOGIN_NOT_FOUND', 404), 'expired', 'expired'],
    [kit('ERR_LOGIN_STORE_UNAVAILABLE', 503), 'network-error', 'serviceDown'],
    [kit('ERR_LOGIN_IDP_UNAVAILABLE', 502), 'network-error', 'serviceDown'],
    [kit('ERR_LOGIN_INTERNAL', 500), 'network-error', 'serviceDown'],
    [kit('ERR_LOGIN_ORIGIN_REFUSED', 403), 'error', 'setupError'],
    [kit('ERR_LOGIN_CONTENT_TYPE', 415), 'error', 'setupError'],
    [kit('ERR_LOGIN_METHOD', 405), 'error', 'setupError'],
    [kit('ERR_LOGIN_WRONG_MODE', 404), 'error', 'setupError'],
    [kit('ERR_LOGIN_BAD_REQUEST', 400), 'error', 'setupError'],
    [kit('ERR_LOGIN_BODY_INVALID', 400), 'error', 'failed'],
    [kit('ERR_LOGIN_BODY_TOO_LARGE', 413), 'error', 'failed'],
    [kit('ERR_LOGIN_BODY_TIMEOUT', 408), 'network-error', 'networkError'],
    [kit('ERR_LOGIN_NO_SESSION', 401), 'error', 'failed'],
  ])('%s → %s', (error, state, message) => {
    expect(failureOf(error)).toEqual({ state, message });
  });

  it("carries the kit's development hint, bounded, and only when it is text", () => {
    const hinted = (hint: unknown) =>
      new OnesHttpError('ERR_LOGIN_ORIGIN_REFUSED', 'refused', {
        response: { status: 403, data: { code: 'ERR_LOGIN_ORIGIN_REFUSED', hint } },
      });
    expect(failureOf(hinted('origin http://localhost:3000 is not in `origins`'))).toEqual({
      state: 'error',
      message: 'setupError',
      hint: 'origin http://localhost:3000 is not in `origins`',
    });
    expect(failureOf(hinted('x'.repeat(500))).hint).toHaveLength(200);
    expect(failureOf(hinted({ html: '<b>' }))).not.toHaveProperty('hint');
  });
});

describe('the widget strings and helpers', () => {
  it('German for de and its regions, loaded on first use; English for everything else', async () => {
    expect((await loadOnesLoginStrings('de')).submit).toBe('Anmelden');
    expect((await loadOnesLoginStrings('de-AT')).submit).toBe('Anmelden');
    expect((await loadOnesLoginStrings('en-GB')).submit).toBe('Log in');
    expect((await loadOnesLoginStrings('fr')).submit).toBe('Log in');
    expect((await loadOnesLoginStrings(undefined)).submit).toBe('Log in');
    // one German string for each English one, in the same order
    expect(de).toHaveLength(Object.keys(en).length);
    expect(de.every((text) => typeof text === 'string' && text !== '')).toBe(true);
    const german = await loadOnesLoginStrings('de');
    expect([german.title, german.signOut, german.setupError]).toEqual([
      'Mit OnesID anmelden',
      'Abmelden',
      'Anmeldung hier nicht eingerichtet.',
    ]);
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
