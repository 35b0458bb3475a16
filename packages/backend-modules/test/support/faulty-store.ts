import type { LoginStore } from '../../src/login/store/login-store.js';
import { MemoryLoginStore } from '../../src/login/store/memory-login-store.js';

/** How the store behaves now: answering, failing at once, or not answering until thawed. */
export type StoreMode = 'up' | 'down' | 'frozen';

/**
 * A `LoginStore` whose failures a unit test controls, over a memory store that keeps what it was
 * given while it answered (`wipe()` loses it, as a restart without persistence does).
 */
export class FaultyStore implements LoginStore {
  mode: StoreMode = 'up';
  /** Operations sent to the store, by name (whatever came of them). */
  readonly sent: string[] = [];
  #memory: MemoryLoginStore;
  /** Subscriptions outlive a restart: a client subscribes again when it reconnects. */
  readonly #channels = new MemoryLoginStore();
  readonly #now: () => number;
  readonly #frozen: (() => void)[] = [];
  readonly #lost: (() => void)[] = [];

  constructor(now: () => number) {
    this.#now = now;
    this.#memory = new MemoryLoginStore({ now });
  }

  /** Answers again; what was asked while frozen is answered now. */
  thaw(): void {
    this.mode = 'up';
    for (const resume of this.#frozen.splice(0)) resume();
  }

  /** Loses everything, as a restart without persistence; listeners hear that the connection was lost. */
  wipe(): void {
    this.#memory = new MemoryLoginStore({ now: this.#now });
    for (const listener of this.#lost) listener();
  }

  /** What the store holds under `key`, read past any failure (for assertions). */
  peek(key: string): Promise<string | null> {
    return this.#memory.get(key);
  }

  async #run<T>(name: string, operation: (store: MemoryLoginStore) => Promise<T>): Promise<T> {
    this.sent.push(name);
    if (this.mode === 'down') throw new Error('Socket closed unexpectedly');
    if (this.mode === 'frozen') await new Promise<void>((resume) => this.#frozen.push(resume));
    return operation(this.#memory);
  }

  increment(key: string, windowSeconds: number) {
    return this.#run('increment', (store) => store.increment(key, windowSeconds));
  }

  incrementField(key: string, field: string, expiresAt: number, by?: number) {
    return this.#run('incrementField', (store) => store.incrementField(key, field, expiresAt, by));
  }

  add(key: string, value: string, ttlSeconds: number) {
    return this.#run('add', (store) => store.add(key, value, ttlSeconds));
  }

  get(key: string) {
    return this.#run('get', (store) => store.get(key));
  }

  set(key: string, value: string, ttlSeconds: number) {
    return this.#run('set', (store) => store.set(key, value, ttlSeconds));
  }

  delete(key: string) {
    return this.#run('delete', (store) => store.delete(key));
  }

  publish(channel: string, message: string) {
    return this.#run('publish', () => this.#channels.publish(channel, message));
  }

  subscribe(channel: string, listener: (message: string) => void) {
    return this.#run('subscribe', () => this.#channels.subscribe(channel, listener));
  }

  onConnectionLost(listener: () => void): void {
    this.#lost.push(listener);
  }
}
