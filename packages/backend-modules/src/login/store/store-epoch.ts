import { randomBytes } from 'node:crypto';
import type { Clock } from '../settings/clock.js';
import type { KitLog } from '../settings/kit-log.js';
import type { StoreCall } from './shared-store.js';
import type { StoreKeys } from './store-keys.js';

/** Ten years: the epoch lives as long as the store's data. */
const EPOCH_TTL_SECONDS = 10 * 365 * 86_400;

/** An epoch as stored: `<valid from, ms>.<id>`; the id changes only when the store lost its data. */
function parsed(value: string | null): { readonly validFrom: number; readonly id: string } | undefined {
  const match = /^(\d{1,16})\.([\w-]{8,64})$/.exec(value ?? '');
  return match === null ? undefined : { validFrom: Number(match[1]), id: match[2] as string };
}

/**
 * Whether the shared store still holds what it was given. The store keeps one epoch: an id made
 * when it was first used, and since when the sessions it knows of are valid. When the epoch is
 * gone or has another id than the one this instance saw, the store lost its data (say, Redis
 * restarted without persistence), and with it the logouts it held: sessions issued before the loss
 * (as far as this instance saw: when the store went down) no longer count, on every instance, as
 * the epoch now says. An instance that never saw the store before cannot tell a new store from an
 * empty one; it takes it as new, and learns better at its next check.
 *
 * @example
 * const epoch = new StoreEpoch(keys, systemClock, log);
 * await epoch.check(call, downSince); // false: the store did not answer
 * session.issuedAtMs < epoch.validFrom; // issued before the store lost its data
 */
export class StoreEpoch {
  readonly #keys: StoreKeys;
  readonly #clock: Clock;
  readonly #log: KitLog;
  #id: string | undefined;
  #validFrom = 0;
  /** When this instance last read the epoch (ms). */
  #checkedAt = 0;

  constructor(keys: StoreKeys, clock: Clock, log: KitLog) {
    this.#keys = keys;
    this.#clock = clock;
    this.#log = log;
  }

  /** Sessions issued before this time (milliseconds) no longer count. */
  get validFrom(): number {
    return this.#validFrom;
  }

  /** Whether this instance has read the epoch yet. */
  get known(): boolean {
    return this.#id !== undefined;
  }

  /**
   * Reads the epoch (creating it when missing) and notices a loss. `lostAt` is when the store was
   * found down, if it was. Whether the store answered.
   */
  async check(call: StoreCall, lostAt: number | undefined): Promise<boolean> {
    const key = this.#keys.epoch();
    let read = await call((store) => store.get(key));
    if (!read.ok) return false;
    if (parsed(read.value) === undefined) {
      const validFrom = this.#id === undefined ? 0 : (lostAt ?? this.#clock.now());
      const fresh = `${validFrom}.${randomBytes(12).toString('base64url')}`;
      if (!(await call((store) => store.add(key, fresh, EPOCH_TTL_SECONDS))).ok) return false;
      read = await call((store) => store.get(key));
      if (!read.ok) return false;
    }
    const epoch = parsed(read.value);
    if (epoch === undefined) return false;
    let validFrom = epoch.validFrom;
    if (this.#id !== undefined && epoch.id !== this.#id) {
      // This instance saw the store before it lost its data. Unless another instance already moved
      // the epoch past this one's last look (it knew when the store went down), no session from
      // before the loss counts: from when this instance found the store down, else from now.
      const lost = Math.max(this.#validFrom, lostAt ?? this.#clock.now());
      if (validFrom < this.#checkedAt && lost > validFrom) {
        validFrom = lost;
        const raised = `${validFrom}.${epoch.id}`;
        if (!(await call((store) => store.set(key, raised, EPOCH_TTL_SECONDS))).ok) return false;
      }
      this.#log(
        'warn',
        'LOGIN_STORE_DATA_LOST',
        'login kit: the store lost its data (restarted without persistence?); sessions issued before then are refused, as their logouts may be gone',
      );
    }
    this.#id = epoch.id;
    this.#validFrom = Math.max(this.#validFrom, validFrom);
    this.#checkedAt = this.#clock.now();
    return true;
  }
}
