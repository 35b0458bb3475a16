import type { Clock } from '../settings/clock.js';
import type { KitLog } from '../settings/kit-log.js';
import type { LoginStore } from './login-store.js';
import { MemoryLoginStore } from './memory-login-store.js';
import type { Outcome, StoreCall } from './store-call.js';
import { StoreEpoch } from './store-epoch.js';
import type { StoreKeys } from './store-keys.js';

export type { Outcome, StoreCall } from './store-call.js';

/** How long a store call may take, and how often a store that failed is asked again. */
export interface StoreTiming {
  readonly timeoutMs: number;
  readonly probeMs: number;
}

/** How long after its return the store's word that something is absent is not taken as final. */
const JUST_BACK_MS = 1_000;
/** How often an instance that trusts the store checks that it did not lose its data meanwhile. */
const EPOCH_CHECK_MS = 10_000;
/** A deadline timer this late means the event loop was busy; the lost time is given back, up to 5 s. */
const LAG_MS = 20;
const MAX_LAG_MS = 5000;

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
 * A late answer is not a missing one: time the event loop lost to something else (a GC pause, a
 * slow request) is given back to the deadline, and when it passes the loop gets one more turn to
 * read what arrived meanwhile, so lag on this instance is not taken for an outage. A store that lost
 * its data (a restart without persistence) is noticed by its epoch (`StoreEpoch`), checked at the
 * first call, every 10 s and before trusting the store again: sessions issued before the loss are
 * then refused (`sessionsValidFrom`).
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
  readonly #epoch: StoreEpoch;
  readonly #clock: Clock;
  readonly #log: KitLog;
  readonly #timing: StoreTiming;
  /** The kit's own memory store answers at once and never fails: no deadlines, no probing. */
  readonly #inProcess: boolean;
  readonly #recoveryHooks: ((call: StoreCall) => Promise<boolean>)[] = [];
  /** Milliseconds since the epoch when the store was last found down; undefined while it is up. */
  #downSince: number | undefined;
  #probing = false;
  #lastTroubleAt: number | undefined;
  /** When the store last came back (milliseconds since the epoch). */
  #backAt: number | undefined;
  /** Whether the periodic epoch check runs. */
  #watching = false;
  /** Why the last call of the epoch check or a recovery hook failed, for the warning. */
  #lastFailure: string | undefined;

  constructor(store: LoginStore, keys: StoreKeys, clock: Clock, log: KitLog, timing: StoreTiming) {
    this.#store = store;
    this.#epoch = new StoreEpoch(keys, clock, log);
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

  /**
   * Whether the store came back less than a second ago: another instance may not have written
   * what it kept meanwhile yet (it asks every `probeMs`), so an absence read now proves little.
   */
  get justBack(): boolean {
    return this.#backAt !== undefined && this.#clock.now() - this.#backAt < JUST_BACK_MS;
  }

  /** When the store was last found down (milliseconds since the epoch), if ever. */
  get lastTroubleAt(): number | undefined {
    return this.#lastTroubleAt;
  }

  /** Since when the store is down (milliseconds since the epoch), or undefined while it is up. */
  get downSince(): number | undefined {
    return this.#downSince;
  }

  /** Sessions issued before this time (milliseconds) were issued before the store lost its data. */
  get sessionsValidFrom(): number {
    return this.#epoch.validFrom;
  }

  /** Runs `hook` before the store counts as up again after an outage; it says whether it succeeded. */
  onRecovery(hook: (call: StoreCall) => Promise<boolean>): void {
    this.#recoveryHooks.push(hook);
  }

  /** `operation` on the store, unless it is down; a failure or a missed deadline marks it down. */
  async attempt<T>(operation: (store: LoginStore) => Promise<T>): Promise<Outcome<T>> {
    if (this.#downSince !== undefined) return { ok: false };
    if (!this.#watching && !this.#inProcess) void this.#watchEpoch();
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
    let deadline = this.#clock.now() + this.#timing.timeoutMs;
    let lagged = 0;
    while (settled === undefined) {
      const left = deadline - this.#clock.now();
      if (left <= 0) {
        // what arrived while the event loop was busy is read before the check phase runs this
        await new Promise((done) => setImmediate(done));
        break;
      }
      let cancel = () => {};
      await Promise.race([tracked, new Promise<void>((wake) => (cancel = this.#clock.after(left, wake)))]);
      cancel();
      // a timer that fired late means this instance was busy (GC, a slow request), not the store:
      // the store gets its whole time again from now, up to 5 s more in all
      const late = this.#clock.now() - deadline;
      if (settled === undefined && late > LAG_MS && lagged < MAX_LAG_MS) {
        const grant = Math.min(late + this.#timing.timeoutMs, MAX_LAG_MS - lagged);
        lagged += grant;
        deadline += grant;
      }
    }
    return settled ?? { ok: false, reason: 'a timeout' };
  }

  #markDown(reason: string): void {
    if (this.#inProcess || this.#downSince !== undefined) return;
    this.#downSince = this.#clock.now();
    this.#lastTroubleAt = this.#downSince;
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
        await this.#clock.idle(this.#timing.probeMs);
        if (!(await this.#recovered())) continue;
        this.#log(
          'info',
          'LOGIN_STORE_RECOVERED',
          'login kit: the store answers again; state is shared across instances again',
        );
        this.#downSince = undefined;
        this.#backAt = this.#clock.now();
      }
    } finally {
      this.#probing = false;
    }
  }

  /** A call with its deadline whatever the state, for the epoch checks and the recovery hooks. */
  readonly #direct: StoreCall = async (operation) => {
    const outcome = await this.#call(operation);
    if (outcome.ok) return outcome;
    this.#lastFailure = outcome.reason;
    return { ok: false };
  };

  /** Whether the store is back with everything kept meanwhile written; a hook that throws is a no. */
  async #recovered(): Promise<boolean> {
    try {
      if (!(await this.#epoch.check(this.#direct, this.#downSince))) return false;
      const call = this.#direct;
      for (const hook of this.#recoveryHooks) if (!(await hook(call))) return false;
      return true;
    } catch {
      return false; // asked again at the next probe: the store stays down until every hook succeeds
    }
  }

  /** Checks the epoch now and every 10 s while the store is up (a store restart may go unseen). */
  async #watchEpoch(): Promise<void> {
    this.#watching = true;
    for (;;) {
      if (this.#downSince === undefined) {
        this.#lastFailure = undefined;
        const answered = await this.#epoch.check(this.#direct, undefined);
        if (!answered) this.#markDown(this.#lastFailure ?? 'its epoch is not one the kit wrote');
      }
      await this.#clock.idle(EPOCH_CHECK_MS);
    }
  }
}
