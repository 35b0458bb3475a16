import type { OnesLogEvent } from '../device-authentication/device-authentication-options.js';
import { type LoginStore, MemoryLoginStore } from './login-store.js';

/** How long a store call may take before the kit stops waiting for it. */
const CALL_TIMEOUT_MS = 500;
/** How long the kit keeps to its own memory after a failure before it asks the store again. */
const RETRY_AFTER_MS = 5_000;

/**
 * What failed, without anything the error may carry beyond its kind: its name, its code, and its
 * message only when that is a short sentence without digits or colons (no address, port or key).
 */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'an unexpected error';
  const { code } = error as { code?: unknown };
  const parts = [error.name];
  if (typeof code === 'string' && /^[A-Z_]{2,32}$/.test(code)) parts.push(code);
  if (/^[A-Za-z ,.'-]{1,80}$/.test(error.message)) parts.push(`"${error.message}"`);
  return parts.join(' ');
}

/**
 * A shared store (say, Redis) that a failure does not take the logins down with: a call that fails
 * or takes longer than 0.5 s is answered from this instance's memory instead, and so is every call
 * for the next 5 s; then the store is asked again. One warning line says when the kit fell back and
 * what it means, one info line when the store answers again. While it is down, rate limits, logouts,
 * poll pacing and refresh locks hold for this instance only.
 */
export class ResilientLoginStore implements LoginStore {
  readonly #store: LoginStore;
  readonly #memory = new MemoryLoginStore();
  readonly #log: (event: OnesLogEvent) => void;
  readonly #timeoutMs: number;
  readonly #retryAfterMs: number;
  /** While set, calls go to memory until this time (milliseconds since the epoch). */
  #downUntil: number | undefined;
  /** When the store last went from answering to failing. */
  #failedAt = 0;

  constructor(
    store: LoginStore,
    log: (event: OnesLogEvent) => void,
    timing: { readonly timeoutMs?: number; readonly retryAfterMs?: number } = {},
  ) {
    this.#store = store;
    this.#log = log;
    this.#timeoutMs = timing.timeoutMs ?? CALL_TIMEOUT_MS;
    this.#retryAfterMs = timing.retryAfterMs ?? RETRY_AFTER_MS;
  }

  async #call<T>(ask: (store: LoginStore) => Promise<T>): Promise<T> {
    if (this.#downUntil !== undefined && Date.now() < this.#downUntil) return ask(this.#memory);
    const startedAt = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${this.#timeoutMs} ms`)), this.#timeoutMs);
    });
    try {
      const answer = await Promise.race([ask(this.#store), timeout]);
      // only a call that started after the failure says the store is back (no warn/info pairs from
      // calls that were in flight when it failed)
      if (this.#downUntil !== undefined && startedAt >= this.#failedAt) {
        this.#downUntil = undefined;
        this.#log({
          level: 'info',
          message: 'login kit: the store answers again; state is shared across instances again',
        });
      }
      return answer;
    } catch (error) {
      if (this.#downUntil === undefined) {
        const reason =
          error instanceof Error && error.message.startsWith('no answer') ? 'a timeout' : describe(error);
        this.#log({
          level: 'warn',
          message: `login kit: the store failed (${reason}); logins go on, with rate limits, logouts, poll pacing and refresh locks kept in this instance's memory until it answers again`,
        });
      }
      if (this.#downUntil === undefined) this.#failedAt = Date.now();
      this.#downUntil = Date.now() + this.#retryAfterMs;
      return ask(this.#memory);
    } finally {
      clearTimeout(timer);
    }
  }

  increment(key: string, windowSeconds: number): Promise<number> {
    return this.#call((store) => store.increment(key, windowSeconds));
  }

  add(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    return this.#call((store) => store.add(key, value, ttlSeconds));
  }

  get(key: string): Promise<string | null> {
    return this.#call((store) => store.get(key));
  }

  set(key: string, value: string, ttlSeconds: number): Promise<void> {
    return this.#call((store) => store.set(key, value, ttlSeconds));
  }

  delete(key: string): Promise<void> {
    return this.#call((store) => store.delete(key));
  }
}
