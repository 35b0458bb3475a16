import type { Clock } from '../settings/clock.js';
import type { KitLog } from '../settings/kit-log.js';
import type { LoginStore } from './login-store.js';
import { MemoryLoginStore } from './memory-login-store.js';
import type { StoreKeys } from './store-keys.js';

/** What a store call came to: its value, or that the store did not answer in time (or failed). */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/** A call to the store with its deadline, whatever the store's state (for the recovery hooks). */
export type StoreCall = <T>(operation: (store: LoginStore) => Promise<T>) => Promise<Outcome<T>>;

/** How long a store call may take, and how often a store that failed is asked again. */
export interface StoreTiming {
  readonly timeoutMs: number;
  readonly probeMs: number;
}

const EPOCH_TTL_SECONDS = 10 * 365 * 86_400;

/** What failed, by its kind only: no address, port or key from the error's message. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return 'an unexpected error';
  const { code } = error as { code?: unknown };
  const parts = [error.name];
  if (typeof code === 'string' && /^[A-Z_]{2,32}$/.test(code)) parts.push(code);
  if (/^[A-Za-z ,.'-]{1,80}$/.test(error.message)) parts.push(`"${error.message}"`);
  return parts.join(' ');
}

/**
 * The kit's view of the shared store: every call has a deadline, and a call that fails or misses it
 * says so (`{ ok: false }`) instead of pretending. Each part of the kit decides what a failure means
 * for what it owns (a logout is kept and written later; a rate limit counts in this instance's
 * memory, `local`). After a failure the store counts as down: calls fail at once, and a probe asks
 * the store every `probeMs`; it counts as up again only once the recovery hooks (the logouts and
 * notifications recorded meanwhile) are written. One warning when it goes down, one line when back.
 *
 * A late answer is not a missing one: when the deadline passes, the event loop gets one more turn to
 * read what arrived while it was busy (a GC pause, a slow request), so lag on this instance is not
 * taken for an outage. A store that lost its data (a restart without persistence) is noticed by its
 * epoch: sessions issued before the loss are then refused (`sessionsValidFrom`).
 *
 * @example
 * const shared = new SharedStore(store, keys, systemClock, log, { timeoutMs: 500, probeMs: 250 });
 * const read = await shared.attempt((store) => store.get(keys.logout(sid)));
 * if (!read.ok) // the store did not answer: decide what that means here
 */
export class SharedStore {
  /** This instance's memory, for what may be kept per instance while the store is down. */
  readonly local: MemoryLoginStore;
  readonly #store: LoginStore;
  readonly #keys: StoreKeys;
  readonly #clock: Clock;
  readonly #log: KitLog;
  readonly #timing: StoreTiming;
  /** The kit's own memory store answers at once and never fails: no deadlines, no probing. */
  readonly #inProcess: boolean;
  readonly #recoveryHooks: ((call: StoreCall) => Promise<boolean>)[] = [];
  /** Milliseconds since the epoch when the store was last found down; undefined while it is up. */
  #downSince: number | undefined;
  #probing = false;
  /** The epoch read last, and whether a read is under way. */
  #epoch: string | undefined;
  #epochRead: Promise<void> | undefined;

  constructor(store: LoginStore, keys: StoreKeys, clock: Clock, log: KitLog, timing: StoreTiming) {
    this.#store = store;
    this.#keys = keys;
    this.#clock = clock;
    this.#log = log;
    this.#timing = timing;
    this.#inProcess = store instanceof MemoryLoginStore;
    this.local = new MemoryLoginStore({ now: () => clock.now() });
    store.onConnectionLost?.(() => this.#markDown('the connection was lost'));
  }

  /** The store the app gave (for its optional operations: publish, subscribe). */
  get store(): LoginStore {
    return this.#store;
  }

  /** Whether the store answers (as far as this instance knows). */
  get isUp(): boolean {
    return this.#downSince === undefined;
  }

  /** Since when the store is down (milliseconds since the epoch), or undefined while it is up. */
  get downSince(): number | undefined {
    return this.#downSince;
  }

  /** Sessions issued before this time (milliseconds) were issued before the store lost its data. */
  get sessionsValidFrom(): number {
    return Number(this.#epoch ?? 0);
  }

  /** Runs `hook` before the store counts as up again after an outage; it says whether it succeeded. */
  onRecovery(hook: (call: StoreCall) => Promise<boolean>): void {
    this.#recoveryHooks.push(hook);
  }

  /** `operation` on the store, unless it is down; a failure or a missed deadline marks it down. */
  async attempt<T>(operation: (store: LoginStore) => Promise<T>): Promise<Outcome<T>> {
    if (this.#downSince !== undefined) return { ok: false };
    if (this.#epoch === undefined && !this.#inProcess) this.#readEpoch();
    const outcome = await this.#call(operation);
    if (!outcome.ok) this.#markDown(outcome.reason);
    return outcome.ok ? outcome : { ok: false };
  }

  /** `operation` on the store, or on this instance's memory when the store does not answer. */
  async orLocal<T>(operation: (store: LoginStore) => Promise<T>): Promise<T> {
    const outcome = await this.attempt(operation);
    return outcome.ok ? outcome.value : operation(this.local);
  }

  /** One call with its deadline, whatever the state. */
  async #call<T>(
    operation: (store: LoginStore) => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false; reason: string }> {
    let settled: { ok: true; value: T } | { ok: false; reason: string } | undefined;
    const tracked = (async () => operation(this.#store))().then(
      (value) => (settled = { ok: true, value }),
      (error: unknown) => (settled = { ok: false, reason: describe(error) }),
    );
    if (this.#inProcess) return tracked;
    const deadline = this.#clock.now() + this.#timing.timeoutMs;
    const stop = new AbortController();
    while (settled === undefined) {
      const left = deadline - this.#clock.now();
      if (left <= 0) {
        // what arrived while the event loop was busy is read before the check phase runs this
        await new Promise((done) => setImmediate(done));
        break;
      }
      await Promise.race([tracked, this.#clock.sleep(left, stop.signal)]);
    }
    stop.abort();
    return settled ?? { ok: false, reason: 'a timeout' };
  }

  #markDown(reason: string): void {
    if (this.#inProcess || this.#downSince !== undefined) return;
    this.#downSince = this.#clock.now();
    this.#log(
      'warn',
      'LOGIN_STORE_UNAVAILABLE',
      `login kit: the store failed (${reason}); logouts made now are kept here and written once it answers, sessions are refused or served as storeOutage says, and rate limits count per instance meanwhile`,
    );
    void this.#probe();
  }

  /** Asks the store every `probeMs` until it answers and everything kept meanwhile is written. */
  async #probe(): Promise<void> {
    if (this.#probing) return;
    this.#probing = true;
    try {
      while (this.#downSince !== undefined) {
        await this.#clock.sleep(this.#timing.probeMs);
        if (!(await this.#recovered())) continue;
        this.#log(
          'info',
          'LOGIN_STORE_RECOVERED',
          'login kit: the store answers again; state is shared across instances again',
        );
        this.#downSince = undefined;
      }
    } finally {
      this.#probing = false;
    }
  }

  async #recovered(): Promise<boolean> {
    if (!(await this.#checkEpoch())) return false;
    const call: StoreCall = async (operation) => {
      const outcome = await this.#call(operation);
      return outcome.ok ? outcome : { ok: false };
    };
    for (const hook of this.#recoveryHooks) if (!(await hook(call))) return false;
    return true;
  }

  #readEpoch(): void {
    this.#epochRead ??= this.#checkEpoch().then(
      (read) => {
        if (!read) this.#epochRead = undefined;
      },
      () => {
        this.#epochRead = undefined;
      },
    );
  }

  /**
   * Reads the store's epoch, creating it when missing: as `0` the first time this instance looks
   * (a new store), as the moment the store went down when it had seen one before (the store lost its
   * data): sessions issued before then may have been logged out in what was lost.
   */
  async #checkEpoch(): Promise<boolean> {
    const key = this.#keys.epoch();
    const read = await this.#call((store) => store.get(key));
    if (!read.ok) return false;
    let value = read.value;
    if (value === null) {
      // the data went when the store went down (as far as this instance saw)
      const fresh = this.#epoch === undefined ? '0' : String(this.#downSince ?? this.#clock.now());
      const added = await this.#call((store) => store.add(key, fresh, EPOCH_TTL_SECONDS));
      const again = added.ok ? await this.#call((store) => store.get(key)) : added;
      if (!again.ok || again.value === null) return false;
      value = again.value;
    }
    if (this.#epoch !== undefined && value !== this.#epoch) {
      this.#log(
        'warn',
        'LOGIN_STORE_DATA_LOST',
        'login kit: the store lost its data (restarted without persistence?); sessions issued before it went down are refused, as their logouts may be gone',
      );
    }
    this.#epoch = value;
    return true;
  }
}
