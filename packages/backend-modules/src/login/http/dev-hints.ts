import type { KitLog } from '../settings/kit-log.js';
import type { LoginRefusal } from './answers.js';

const MAX_ORIGINS_NOTED = 32;

/**
 * Whether `origin` is a page on this machine (`localhost`, `*.localhost`, `127.x.x.x`, `[::1]`):
 * only a developer's browser sends it, so a refusal may say why in plain words.
 *
 * @example
 * isLoopbackOrigin('http://localhost:3000'); // true
 * isLoopbackOrigin('https://shop.example'); // false
 */
export function isLoopbackOrigin(origin: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(origin).hostname;
  } catch {
    return false;
  }
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/**
 * The development hints of refusals from a loopback origin: the browser gets a one-line cause
 * (`hint`, which `<ones-login>` shows in small print), and the server's log says it once per origin,
 * with the `origins` the kit allows and what to do.
 *
 * @example
 * const hints = new DevHints(log, settings.origins);
 * hints.noteRefusal(refusal); // logs `LOGIN_ORIGIN_REFUSED` the first time for its origin
 */
export class DevHints {
  readonly #noted = new Set<string>();
  readonly #log: KitLog;
  readonly #origins: ReadonlySet<string>;

  constructor(log: KitLog, origins: ReadonlySet<string>) {
    this.#log = log;
    this.#origins = origins;
  }

  /** Logs a refusal that carries a hint, once per refused origin (at most 32 origins a process). */
  noteRefusal(refusal: LoginRefusal): void {
    const origin = refusal.refusedOrigin;
    if (origin === undefined || this.#noted.has(origin) || this.#noted.size >= MAX_ORIGINS_NOTED) return;
    this.#noted.add(origin);
    const allowed = [...this.#origins].join(', ');
    this.#log(
      'warn',
      'LOGIN_ORIGIN_REFUSED',
      `login kit: refused a POST from the page at ${origin}: it is not in \`origins\` (${allowed}). Open the page at one of those, or add ${origin} to \`origins\` (behind a proxy: the public origin the browser shows).`,
    );
  }
}
