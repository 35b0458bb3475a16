import { type Clock, sleepOn } from '../../src/login/settings/clock.js';

/**
 * A clock for the kit's tests: time moves only when the test says (`advance`), and a `sleep` ends
 * when its time has come, in order, each given its turn of the event loop before the next.
 */
export class ManualClock implements Clock {
  #now: number;
  readonly #sleepers: { readonly at: number; readonly wake: () => void }[] = [];

  constructor(start = Date.UTC(2026, 11, 7, 12)) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  after(ms: number, callback: () => void): () => void {
    const sleeper = {
      at: this.#now + Math.max(0, ms),
      wake: () => {
        cancel();
        callback();
      },
    };
    const cancel = () => {
      const index = this.#sleepers.indexOf(sleeper);
      if (index >= 0) this.#sleepers.splice(index, 1);
    };
    this.#sleepers.push(sleeper);
    return cancel;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn((delay, callback) => this.after(delay, callback), ms, signal);
  }

  idle(ms: number): Promise<void> {
    return this.sleep(ms);
  }

  /** How many sleeps are waiting. */
  get sleeping(): number {
    return this.#sleepers.length;
  }

  /** Moves time on by `ms`, waking each sleep whose time came, oldest first. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    for (;;) {
      await settle();
      const next = this.#sleepers.filter((sleeper) => sleeper.at <= end).sort((a, b) => a.at - b.at)[0];
      if (next === undefined) break;
      this.#now = Math.max(this.#now, next.at);
      next.wake();
    }
    this.#now = end;
    await settle();
  }
}

/**
 * Lets every pending promise and I/O callback run: turns of the event loop, and a millisecond for
 * work on libuv's thread pool (WebCrypto opens a cookie there) to come back.
 */
export async function settle(): Promise<void> {
  for (let round = 0; round < 3; round += 1) {
    for (let turn = 0; turn < 3; turn += 1) await new Promise((done) => setImmediate(done));
    await new Promise((done) => setTimeout(done, 1));
  }
}
