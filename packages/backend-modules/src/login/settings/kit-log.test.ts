import { afterEach, describe, expect, it, vi } from 'vitest';
import type { OnesLogEvent } from '../../device-authentication/device-authentication-options.js';
import { kitLogFor } from './kit-log.js';

afterEach(() => vi.restoreAllMocks());

describe("the kit's log", () => {
  it('without a logger: each kind of warning once on console.warn, with its code; nothing below warn', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const log = kitLogFor(undefined);
    log('warn', 'LOGIN_STORE_UNAVAILABLE', 'login kit: the store failed');
    log('warn', 'LOGIN_STORE_UNAVAILABLE', 'login kit: the store failed');
    log('info', 'LOGIN_STORE_RECOVERED', 'login kit: the store answers again');
    log('debug', 'LOGIN_REFUSED', 'login kit: refused');
    log('warn', 'LOGIN_NO_CLIENT_ADDRESS', 'login kit: no address');
    expect(warn.mock.calls).toEqual([
      ['[@ones.dev/backend-modules/login] LOGIN_STORE_UNAVAILABLE login kit: the store failed'],
      ['[@ones.dev/backend-modules/login] LOGIN_NO_CLIENT_ADDRESS login kit: no address'],
    ]);
  });

  it('with a logger: every event to it, with level and code, and nothing to the console', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const events: OnesLogEvent[] = [];
    const log = kitLogFor((event) => events.push(event));
    log('warn', 'LOGIN_STORE_UNAVAILABLE', 'a');
    log('warn', 'LOGIN_STORE_UNAVAILABLE', 'a');
    log('info', 'LOGIN_COMPLETED', 'b');
    expect(events).toEqual([
      { level: 'warn', code: 'LOGIN_STORE_UNAVAILABLE', message: 'a' },
      { level: 'warn', code: 'LOGIN_STORE_UNAVAILABLE', message: 'a' },
      { level: 'info', code: 'LOGIN_COMPLETED', message: 'b' },
    ]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('a logger that throws never breaks the kit: the console says so once, without what was thrown', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const seen: (string | undefined)[] = [];
    const log = kitLogFor((event) => {
      seen.push(event.code);
      throw new Error('the log shipper is down: token=secret-in-the-error');
    });
    expect(() => log('info', 'LOGIN_STORE_RECOVERED', 'a')).not.toThrow();
    expect(() => log('warn', 'LOGIN_STORE_UNAVAILABLE', 'b')).not.toThrow();
    expect(seen).toEqual(['LOGIN_STORE_RECOVERED', 'LOGIN_STORE_UNAVAILABLE']);
    expect(warn.mock.calls).toEqual([
      [
        "[@ones.dev/backend-modules/login] LOGIN_LOGGER_FAILED login kit: the app's logger threw on a LOGIN_STORE_RECOVERED event; the kit went on, and says this once",
      ],
    ]);
  });
});
