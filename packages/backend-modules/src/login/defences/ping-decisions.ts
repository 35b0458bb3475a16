import { createHmac, createSecretKey, type KeyObject, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DerivedKey } from '../cookies/kit-keys.js';
import type { Clock } from '../settings/clock.js';
import type { KitLog } from '../settings/kit-log.js';
import { MemoryLoginStore } from '../store/memory-login-store.js';
import type { SharedStore, StoreCall } from '../store/shared-store.js';
import type { StoreKeys } from '../store/store-keys.js';
import { PingWaiters } from './ping-waiters.js';

/** A login the IdP announced: the notification token it was started with, and its id. */
interface Decision {
  readonly token: string;
  readonly loginId: string;
}

/** How long a decision is remembered: longer than any CIBA login lives. */
const DECISION_SECONDS = 600;
/** Without publish and subscribe, a held request asks the store this often. */
const STORE_CHECK_MS = 250;

/**
 * CIBA ping mode's notifications (CIBA Core §10.2) for every instance. A login's notification token
 * is 16 random bytes and their HMAC under a key derived from the secret: any instance can tell a
 * token it made from a forged one, with no store read. The browser's pending-login cookie keeps its
 * login's token; a decision is recorded under the token and the login id together, so a token
 * replayed for another login decides nothing anyone waits for. An accepted notification marks the
 * login decided here, in the store (for requests that come later) and on the store's channel (for
 * requests held on other instances, woken at once); what the store does not take is written when it
 * answers again. A held status request waits here for its login's decision.
 *
 * @example
 * const token = decisions.newToken();            // sent to the IdP inside the signed request
 * if (decisions.isOurs(presented)) await decisions.announce(presented, authReqId);
 * await decisions.waitFor(token, authReqId, 8000, request.signal); // true once decided
 */
export class PingDecisions {
  readonly #store: SharedStore;
  readonly #keys: StoreKeys;
  /** KeyObjects: `createHmac` checks raw key bytes on every call, which costs more than the MAC. */
  readonly #tokenKeys: readonly KeyObject[];
  readonly #waiters: PingWaiters;
  /** Decisions this instance knows of, by message digest → until when (ms). */
  readonly #decided = new Map<string, number>();
  /** Decisions the store did not take yet, by their store key, with until when (ms). */
  readonly #unannounced = new Map<string, Decision & { readonly until: number }>();
  readonly #clock: Clock;
  readonly #told: boolean;
  #listening: Promise<void> | undefined;
  /** Whether this instance hears the channel (its subscription answered). */
  #hearing = false;

  constructor(parts: {
    readonly store: SharedStore;
    readonly keys: StoreKeys;
    readonly tokenKeys: readonly DerivedKey[];
    readonly clock: Clock;
    readonly log: KitLog;
  }) {
    this.#store = parts.store;
    this.#keys = parts.keys;
    this.#tokenKeys = parts.tokenKeys.map((key) => createSecretKey(key.bytes));
    this.#clock = parts.clock;
    this.#waiters = new PingWaiters(parts.clock);
    const { publish, subscribe } = parts.store.store;
    this.#told = publish !== undefined && subscribe !== undefined;
    if (!this.#told && !(parts.store.store instanceof MemoryLoginStore)) {
      parts.log(
        'warn',
        'LOGIN_PING_WITHOUT_PUBSUB',
        'login kit: ping mode with a store that cannot publish and subscribe: a held status request asks the store 4 times a second (give RedisLoginStore a subscriber)',
      );
    }
    parts.store.onRecovery((call) => this.#announceUnannounced(call));
  }

  /** A fresh `client_notification_token`: 16 random bytes and their MAC (43 base64url characters). */
  newToken(): string {
    this.#listen(); // before the IdP can know the token, this instance listens for its decision
    const nonce = randomBytes(16);
    return Buffer.concat([nonce, this.#mac(this.#tokenKeys[0] as KeyObject, nonce)]).toString('base64url');
  }

  /** Whether `token` is one this kit made (any of its secrets), compared in constant time. */
  isOurs(token: string): boolean {
    const bytes = Buffer.from(token, 'base64url');
    if (bytes.length !== 32 || bytes.toString('base64url') !== token) return false;
    const nonce = bytes.subarray(0, 16);
    const mac = bytes.subarray(16);
    let ours = false;
    for (const key of this.#tokenKeys) ours = timingSafeEqual(mac, this.#mac(key, nonce)) || ours;
    return ours;
  }

  /**
   * Marks the login `loginId`, started with notification token `token`, decided for every instance
   * and wakes the requests held for it.
   */
  async announce(token: string, loginId: string): Promise<void> {
    const decision = { token, loginId };
    this.#heard(this.#keys.decisionMessage(token, loginId));
    const until = this.#clock.now() + DECISION_SECONDS * 1000;
    if (!(await this.#announceIn((operation) => this.#store.attempt(operation), decision))) {
      this.#unannounced.set(this.#keys.decided(token, loginId), { ...decision, until });
    }
  }

  /** Whether the IdP announced the login as decided, waiting up to `holdMs` for it. */
  async waitFor(
    token: string,
    loginId: string,
    holdMs: number,
    signal: AbortSignal | undefined,
  ): Promise<boolean> {
    this.#listen();
    const decision = { token, loginId };
    const digest = this.#keys.decisionMessage(token, loginId);
    if (this.#knows(digest)) return true;
    // an instance that hears the channel knew of every decision at once; one that does not yet asks
    if (!this.#hears() && (await this.#inStore(decision))) return true;
    const deadline = this.#clock.now() + holdMs;
    for (;;) {
      // heard while a store read was on its way (no waiter was there to wake)
      if (this.#knows(digest)) return true;
      const left = deadline - this.#clock.now();
      if (left <= 0 || signal?.aborted) break;
      await this.#waiters.wait(digest, this.#told ? left : Math.min(STORE_CHECK_MS, left), signal);
      if (this.#knows(digest)) return true;
      if (!this.#told && (await this.#inStore(decision))) return true;
    }
    // a message missed while the subscription reconnected is still in the store
    return !signal?.aborted && this.#told && (await this.#inStore(decision));
  }

  /** The one right, across instances, to ask the IdP about `loginId` in `round`. */
  claim(loginId: string, round: string): Promise<boolean> {
    const key = this.#keys.claim(loginId, round);
    return this.#store.orLocal((store) => store.add(key, '1', 60));
  }

  /** Gives the right back (the IdP could not answer): the next request may ask. */
  async release(loginId: string, round: string): Promise<void> {
    const key = this.#keys.claim(loginId, round);
    await this.#store.orLocal((store) => store.delete(key));
  }

  #mac(key: KeyObject, nonce: Uint8Array): Buffer {
    return createHmac('sha256', key).update(nonce).digest().subarray(0, 16);
  }

  async #announceIn(call: StoreCall, { token, loginId }: Decision): Promise<boolean> {
    const key = this.#keys.decided(token, loginId);
    const channel = this.#keys.channel();
    const message = this.#keys.decisionMessage(token, loginId);
    // both at once: one round trip to the store
    const [stored, published] = await Promise.all([
      call((store) => store.set(key, '1', DECISION_SECONDS)),
      this.#told ? call((store) => store.publish?.(channel, message) ?? Promise.resolve()) : { ok: true },
    ]);
    return stored.ok && published.ok;
  }

  async #announceUnannounced(call: StoreCall): Promise<boolean> {
    for (const [key, decision] of [...this.#unannounced]) {
      if (decision.until > this.#clock.now() && !(await this.#announceIn(call, decision))) return false;
      this.#unannounced.delete(key);
    }
    return true;
  }

  async #inStore({ token, loginId }: Decision): Promise<boolean> {
    const read = await this.#store.attempt((store) => store.get(this.#keys.decided(token, loginId)));
    if (!read.ok || read.value === null) return false;
    this.#heard(this.#keys.decisionMessage(token, loginId));
    return true;
  }

  /**
   * Whether this instance can trust that it heard every decision: subscribed, and no trouble with
   * the store in the last 5 s (a subscription that reconnected may have missed a message).
   */
  #hears(): boolean {
    const trouble = this.#store.lastTroubleAt;
    return (
      this.#hearing && this.#store.isUp && (trouble === undefined || this.#clock.now() - trouble > 5_000)
    );
  }

  #knows(digest: string): boolean {
    const until = this.#decided.get(digest);
    return until !== undefined && until > this.#clock.now();
  }

  #heard(digest: string): void {
    const now = this.#clock.now();
    if (this.#decided.size >= 10_000) {
      for (const [old, until] of this.#decided) if (until <= now) this.#decided.delete(old);
      if (this.#decided.size >= 10_000) this.#decided.clear();
    }
    this.#decided.set(digest, now + DECISION_SECONDS * 1000);
    this.#waiters.wake(digest);
  }

  #listen(): void {
    if (!this.#told || this.#listening !== undefined) return;
    const { store } = this.#store;
    this.#listening = (
      store.subscribe?.(this.#keys.channel(), (message) => this.#heard(message)) ?? Promise.resolve()
    ).then(
      () => {
        this.#hearing = true;
      },
      () => {
        this.#listening = undefined; // tried again at the next held request
      },
    );
  }
}
