import type { Clock } from '../settings/clock.js';
import type { KitLog } from '../settings/kit-log.js';
import type { SharedStore, StoreCall } from '../store/shared-store.js';
import type { StoreKeys } from '../store/store-keys.js';

/** What the ledger knows of a session: logged out, not logged out, or that it cannot tell now. */
export type LogoutStatus = 'logged-out' | 'live' | 'unknown';

/** Logged-out sessions this instance read from the store lately, kept to answer while it is down. */
const REMEMBERED_LOGOUTS = 10_000;

/**
 * The sessions ended by logout, for every instance: each is written to the store (durably, with
 * `replicas`) until the session's cookie would have expired. A logout the store did not take is
 * kept in this instance's memory, refused here from the start, and written once the store answers
 * again, before this instance trusts the store (a recovery hook): a logout is never lost while
 * this instance lives. `status` never turns a store that did not answer into "not logged out".
 *
 * @example
 * const shared = await ledger.record(session.sid, session.absoluteExpiresAt); // false: kept here, written later
 * await ledger.status(session.sid); // 'logged-out'
 */
export class LogoutLedger {
  readonly #store: SharedStore;
  readonly #keys: StoreKeys;
  readonly #clock: Clock;
  readonly #log: KitLog;
  /** Logouts made here that the store has not taken yet: session id → when its cookie expires (s). */
  readonly #unwritten = new Map<string, number>();
  /** Logouts seen in the store lately (session id → expiry, s), oldest first. */
  readonly #remembered = new Map<string, number>();

  constructor(store: SharedStore, keys: StoreKeys, clock: Clock, log: KitLog) {
    this.#store = store;
    this.#keys = keys;
    this.#clock = clock;
    this.#log = log;
    store.onRecovery((call) => this.#writeUnwritten(call));
  }

  /** How many logouts wait for the store (for tests and health checks). */
  get unwritten(): number {
    return this.#unwritten.size;
  }

  /**
   * Records that session `sid` is logged out until `expiresAt` (seconds since the epoch): whether
   * the store took it, so every instance knows (`true`), or only this instance does until the store
   * answers again (`false`).
   */
  async record(sid: string, expiresAt: number): Promise<boolean> {
    this.#unwritten.set(sid, expiresAt);
    this.#remember(sid, expiresAt);
    const written = await this.#store.attempt((store) => this.#write(store.set.bind(store), sid, expiresAt));
    if (written.ok) {
      this.#unwritten.delete(sid);
      return true;
    }
    this.#log(
      'warn',
      'LOGIN_LOGOUT_NOT_SHARED',
      'login kit: a logout could not be written to the store; this instance refuses the session from now on, and writes the logout once the store answers',
    );
    return false;
  }

  /** Whether session `sid` is logged out, as far as this instance can tell now. */
  async status(sid: string): Promise<LogoutStatus> {
    const now = this.#seconds();
    const known = this.#unwritten.get(sid) ?? this.#remembered.get(sid);
    if (known !== undefined && known > now) return 'logged-out';
    const read = await this.#store.attempt((store) => store.get(this.#keys.logout(sid)));
    if (!read.ok) return 'unknown';
    // just back from an outage: another instance may still be writing the logouts it kept
    if (read.value === null) return this.#store.justBack ? 'unknown' : 'live';
    // remembered, for the answers while the store is down (a cookie lives 30 days at most)
    this.#remember(sid, now + 30 * 86_400);
    return 'logged-out';
  }

  #write(
    set: (key: string, value: string, ttl: number, options: { durable: true }) => Promise<void>,
    sid: string,
    expiresAt: number,
  ) {
    // at least a second: a logout of a session that is about to end still outlives the cookie
    const ttl = Math.max(1, expiresAt - this.#seconds());
    return set(this.#keys.logout(sid), '1', ttl, { durable: true });
  }

  async #writeUnwritten(call: StoreCall): Promise<boolean> {
    const now = this.#seconds();
    for (const [sid, expiresAt] of [...this.#unwritten]) {
      if (expiresAt <= now) {
        this.#unwritten.delete(sid);
        continue;
      }
      const written = await call((store) => this.#write(store.set.bind(store), sid, expiresAt));
      if (!written.ok) return false;
      this.#unwritten.delete(sid);
    }
    return true;
  }

  #remember(sid: string, expiresAt: number): void {
    this.#remembered.delete(sid);
    if (this.#remembered.size >= REMEMBERED_LOGOUTS) {
      const oldest = this.#remembered.keys().next();
      if (!oldest.done) this.#remembered.delete(oldest.value);
    }
    this.#remembered.set(sid, expiresAt);
  }

  #seconds(): number {
    return Math.floor(this.#clock.now() / 1000);
  }
}
