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
  | 'LOGIN_USERINFO_FAILED'
  | 'LOGIN_REFRESH_FAILED'
  | 'LOGIN_REFRESH_REFUSED'
  | 'LOGIN_ROUTE_FAILED'
  | 'LOGIN_REFUSED'
  | 'LOGIN_COMPLETED';

/** The kit's log: one call per event, with its level and code. */
export type KitLog = (level: OnesLogEvent['level'], code: KitLogCode, message: string) => void;

/**
 * The kit's log over the app's `logger`, or, without one, over the console: each kind of warning
 * once per kit (a store outage is not a line per request), nothing below `warn`.
 *
 * @example
 * const log = kitLogFor(undefined);
 * log('warn', 'LOGIN_STORE_UNAVAILABLE', 'login kit: the store failed (a timeout); …');
 */
export function kitLogFor(logger: ((event: OnesLogEvent) => void) | undefined): KitLog {
  if (logger !== undefined) return (level, code, message) => logger({ level, code, message });
  const warned = new Set<KitLogCode>();
  return (level, code, message) => {
    if (level !== 'warn' || warned.has(code)) return;
    warned.add(code);
    consoleLogger({ level, code, message });
  };
}
