import type { OnesLogEvent } from '../../device-authentication/device-authentication-options.js';

/**
 * Where the kit's warnings go when the app passed no `logger`: `console.warn`, one line with the
 * event's code. The only place the kit prints; `kitLogFor` decides what reaches it.
 *
 * @example
 * consoleLogger({ level: 'warn', code: 'LOGIN_NO_CLIENT_ADDRESS', message: 'login kit: …' });
 * // [@ones.dev/backend-modules/login] LOGIN_NO_CLIENT_ADDRESS login kit: …
 */
export function consoleLogger(event: OnesLogEvent): void {
  // biome-ignore lint/suspicious/noConsole: the kit's one default output, when the app passed no logger
  console.warn(`[@ones.dev/backend-modules/login] ${event.code ?? event.level} ${event.message}`);
}
