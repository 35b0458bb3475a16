import type { OnesLogEvent } from '../../device-authentication/device-authentication-options.js';
import { consoleLogger } from './default-logger.js';

/**
 * Every event the kit logs, by its stable code. The message says what happened and what it means,
 * never a token, a cookie, a secret, a username or an address.
 */
type KitLogCode =
  | 'LOGIN_STORE_UNAVAILABLE'
  | 'LOGIN_STORE_RECOVERED'
  | 'LOGIN_STORE_DATA_LOST'
  | 'LOGIN_LOGOUT_NOT_SHARED'
  | 'LOGIN_SESSION_UNVERIFIED'
  | 'LOGIN_NO_CLIENT_ADDRESS'
  | 'LOGIN_FORWARDED_FOR_IGNORED'
  | 'LOGIN_PING_WITHOUT_PUBSUB'
  | 'LOGIN_REVOCATION_FAILED'
  | 'LOGIN_REVOCATION_UNSUPPORTED'
  | 'LOGIN_CANCEL_FAILED'
  | 'LOGIN_USERINFO_FAILED'
  | 'LOGIN_REFRESH_FAILED'
  | 'LOGIN_REFRESH_REFUSED'
  | 'LOGIN_ROUTE_FAILED'
  | 'LOGIN_REFUSED'
  | 'LOGIN_ORIGIN_REFUSED'
  | 'LOGIN_COMPLETED'
  | 'LOGIN_LOGGER_FAILED';

/** The kit's log: one call per event, with its level and code. */
export type KitLog = (level: OnesLogEvent['level'], code: KitLogCode, message: string) => void;

/**
 * The kit's log over the app's `logger`, or, without one, over the console: each kind of warning
 * once per kit (a store outage is not a line per request), nothing below `warn`. A `logger` that
 * throws never breaks what the kit was doing (a route, a store recovery): the first time, the console
 * says so (`LOGIN_LOGGER_FAILED`, without the thrown error, which may hold what was logged).
 *
 * @example
 * const log = kitLogFor(undefined);
 * log('warn', 'LOGIN_STORE_UNAVAILABLE', 'login kit: the store failed (a timeout); …');
 */
export function kitLogFor(logger: ((event: OnesLogEvent) => void) | undefined): KitLog {
  if (logger !== undefined) {
    let failed = false;
    return (level, code, message) => {
      try {
        logger({ level, code, message });
      } catch {
        if (failed) return;
        failed = true;
        consoleLogger({
          level: 'warn',
          code: 'LOGIN_LOGGER_FAILED',
          message: `login kit: the app's logger threw on a ${code} event; the kit went on, and says this once`,
        });
      }
    };
  }
  const warned = new Set<KitLogCode>();
  return (level, code, message) => {
    if (level !== 'warn' || warned.has(code)) return;
    warned.add(code);
    consoleLogger({ level, code, message });
  };
}
