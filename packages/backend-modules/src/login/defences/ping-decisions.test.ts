import { describe, expect, it } from 'vitest';
import { FaultyStore } from '../../../test/support/faulty-store.js';
import {
  type BrowserAnswer,
  type KitHarness,
  kitHarness,
  ORIGIN,
  type TestBrowser,
} from '../../../test/support/kit-harness.js';
import { ManualClock, settle } from '../../../test/support/manual-clock.js';
import { KitKeys } from '../cookies/kit-keys.js';
import type { KitLog } from '../settings/kit-log.js';
import type { LoginStore } from '../store/login-store.js';
import { MemoryLoginStore } from '../store/memory-login-store.js';
import { SharedStore } from '../store/shared-store.js';
import { StoreKeys } from '../store/store-keys.js';
import { PingDecisions } from './ping-decisions.js';

/** The IdP's notification for `id` with `token`, sent to `login`. */
async function notify(login: KitHarness['login'], token: string, id: string) {
  const answer = await login.fetch(
    new Request(`${ORIGIN}/api/auth/ciba/notify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ auth_req_id: id }),
    }),
    { clientAddress: '10.0.0.5' },
  );
  return answer?.status;
}

/**
 * Lets the kit's pending work run until `done()` holds: on a loaded machine a request's cookie work
 * (libuv's thread pool) may need more turns than one `settle()`. Bounded; the clock does not move.
 */
async function settleUntil(done: () => boolean): Promise<void> {
  for (let round = 0; round < 200 && !done(); round += 1) await settle();
}

/** Sends a status request and lets it run until it is held (a new sleep on the clock). */
async function sendHeld(harness: KitHarness, send: () => Promise<BrowserAnswer>) {
  const before = harness.clock.sleeping;
  let answer: BrowserAnswer | undefined;
  void send().then((settled) => (answer = settled));
  await settleUntil(() => answer !== undefined || harness.clock.sleeping > before);
  await settle();
  return () => answer;
}

/** Starts a login and sends its first status request at once (held), without awaiting it. */
async function startHeld(harness: KitHarness, browser: TestBrowser, user = 'alice', to = harness.login) {
  const id = String((await browser.start(user)).json.auth_req_id);
  const answer = await sendHeld(harness, () => browser.poll(id, { to }));
  return { id, answer };
}

describe('ping mode', () => {
  it('says in the start answer that status requests are held (held: true), for made-up logins too; poll mode does not', async () => {
    const ping = kitHarness({ cibaPing: true });
    expect((await ping.browser().start('alice')).json.held).toBe(true);
    expect((await ping.browser('203.0.113.2').start('nobody-known')).json.held).toBe(true);
    expect((await kitHarness().browser().start('alice')).json).not.toHaveProperty('held');
  });

  it('a notification on one instance wakes the request held on another at once; the IdP is asked once', async () => {
    const harness = kitHarness({ cibaPing: true });
    const other = harness.instance();
    const browser = harness.browser();
    const held = await startHeld(harness, browser, 'alice', other.login);
    const token = harness.idp.latest().clientNotificationToken ?? '';
    await harness.clock.advance(1_000);
    expect(held.answer()).toBeUndefined();
    harness.idp.approve(held.id);
    expect(await notify(harness.login, token, held.id)).toBe(204);
    await settleUntil(() => held.answer() !== undefined);
    expect(held.answer()?.status).toBe(200);
    expect(held.answer()?.json).toMatchObject({ user: { sub: 'user-alice' } });
    expect(harness.idp.count('checkCibaStatus')).toBe(1);
    // the notification again, or a second status request: nothing more is asked
    expect(await notify(harness.login, token, held.id)).toBe(204);
    expect(harness.idp.count('checkCibaStatus')).toBe(1);
  });

  it('a held request ends after the hold, pending, without asking the IdP', async () => {
    const harness = kitHarness({ cibaPing: { holdSeconds: 3 } });
    const held = await startHeld(harness, harness.browser());
    await harness.clock.advance(2_999);
    expect(held.answer()).toBeUndefined();
    await harness.clock.advance(1);
    await settleUntil(() => held.answer() !== undefined);
    expect(held.answer()?.json).toEqual({ status: 'pending' });
    expect(harness.idp.count('checkCibaStatus')).toBe(0);
  });

  it("a forged token, another secret's, or a login's token used for another login decides nothing", async () => {
    const harness = kitHarness({ cibaPing: true });
    const browser = harness.browser();
    const first = await startHeld(harness, browser);
    const firstToken = harness.idp.latest().clientNotificationToken ?? '';
    const second = await startHeld(harness, harness.browser('203.0.113.30'), 'bob');
    const foreign = kitHarness({ cibaPing: true, secrets: ['another-secret-of-sufficient-length-0123456'] });
    await foreign.browser().start('alice');
    const foreignToken = foreign.idp.latest().clientNotificationToken ?? '';
    harness.idp.approve(second.id);
    expect(await notify(harness.login, 'forged-token-forged-token-forged-token-0000', second.id)).toBe(404);
    expect(await notify(harness.login, foreignToken, second.id)).toBe(404);
    expect(await notify(harness.login, firstToken, second.id)).toBe(204); // a token of ours, for the wrong login
    await harness.clock.advance(8_000);
    await settleUntil(() => first.answer() !== undefined && second.answer() !== undefined);
    expect(second.answer()?.json).toEqual({ status: 'pending' });
    expect(first.answer()?.json).toEqual({ status: 'pending' });
    expect(harness.idp.count('checkCibaStatus')).toBe(0);
  });

  it('a notification while the store is away is written when it answers; the login then completes', async () => {
    const harness = kitHarness({ cibaPing: { holdSeconds: 1 } });
    const other = harness.instance();
    const browser = harness.browser();
    const id = String((await browser.start('alice')).json.auth_req_id);
    const token = harness.idp.latest().clientNotificationToken ?? '';
    harness.idp.approve(id);
    harness.store.mode = 'down';
    expect(await notify(harness.login, token, id)).toBe(204); // never lost for the IdP
    let during: BrowserAnswer | undefined; // the other instance cannot know yet
    void browser.poll(id, { to: other.login }).then((answer) => (during = answer));
    for (let step = 0; step < 50 && during === undefined; step += 1) await harness.clock.advance(100);
    expect(during?.json).toEqual({ status: 'pending' });
    harness.store.thaw();
    await harness.clock.advance(300);
    const after = await browser.poll(id, { to: other.login });
    expect([after.status, after.json.user]).toEqual([200, { sub: 'user-alice', name: 'user-alice Example' }]);
  });

  it('without a notification, the kit asks the IdP itself 30 s after the start, once across instances', async () => {
    const harness = kitHarness({ cibaPing: { holdSeconds: 1 } });
    const other = harness.instance();
    const browser = harness.browser();
    const id = String((await browser.start('alice')).json.auth_req_id);
    harness.idp.approve(id);
    await harness.clock.advance(30_000);
    let both: BrowserAnswer[] | undefined;
    void Promise.all([browser.poll(id), browser.poll(id, { to: other.login })]).then(
      (answers) => (both = answers),
    );
    // one asks the IdP at once, the other is held (up to its 1 s hold)
    for (let step = 0; step < 50 && both === undefined; step += 1) await harness.clock.advance(100);
    expect(both?.map((answer) => answer.status).sort()).toEqual([200, 202]);
    expect(harness.idp.count('checkCibaStatus')).toBe(1);
  });
});

/** Secret number `n`, as an app gives it. */
const secret = (n: number) => new TextEncoder().encode(`ping-unit-secret-number-${n}-of-sufficient-length`);

type PubSub = 'publish and subscribe' | 'publish only' | 'subscribe only' | 'neither';

/**
 * The faulty store as the app hands it over: with or without publish and subscribe, and noting the
 * key of every read (`reads`) and every message published (`published`).
 */
function appStore(faulty: FaultyStore, pubsub: PubSub, reads: string[], published: string[]): LoginStore {
  const store: LoginStore = {
    increment: (key, windowSeconds) => faulty.increment(key, windowSeconds),
    add: (key, value, ttlSeconds) => faulty.add(key, value, ttlSeconds),
    get: (key) => {
      reads.push(key);
      return faulty.get(key);
    },
    set: (key, value, ttlSeconds) => faulty.set(key, value, ttlSeconds),
    delete: (key) => faulty.delete(key),
    onConnectionLost: (listener) => faulty.onConnectionLost(listener),
  };
  if (pubsub === 'publish and subscribe' || pubsub === 'publish only') {
    store.publish = async (channel, message) => {
      await faulty.publish(channel, message);
      published.push(message);
    };
  }
  if (pubsub === 'publish and subscribe' || pubsub === 'subscribe only') {
    store.subscribe = (channel, listener) => faulty.subscribe(channel, listener);
  }
  return store;
}

/**
 * Instances of `PingDecisions` (each with its own view of the store, as separate processes) over
 * one store the test controls, on one clock the test moves.
 */
function bench(options: { readonly pubsub?: PubSub; readonly probeMs?: number } = {}) {
  const clock = new ManualClock();
  const faulty = new FaultyStore(() => clock.now());
  const keys = new StoreKeys(new Uint8Array(32).fill(7));
  const reads: string[] = [];
  const published: string[] = [];
  const store = appStore(faulty, options.pubsub ?? 'publish and subscribe', reads, published);
  const instance = (secrets = [secret(1)], given: LoginStore = store) => {
    const logs: [string, string, string][] = [];
    const log: KitLog = (level, code, message) => logs.push([level, code, message]);
    const shared = new SharedStore(given, keys, clock, log, {
      timeoutMs: 500,
      probeMs: options.probeMs ?? 100,
    });
    const tokenKeys = new KitKeys(secrets).for('ping tokens');
    const decisions = new PingDecisions({ store: shared, keys, tokenKeys, clock, log });
    return { decisions, shared, logs };
  };
  /** How often the decision of `token` and `loginId` was read from the store. */
  const readsOf = (token: string, loginId: string) =>
    reads.filter((key) => key === keys.decided(token, loginId)).length;
  return { clock, faulty, keys, reads, published, instance, readsOf };
}

/** A promise's outcome as it stands, without awaiting it. */
function watch<T>(promise: Promise<T>): () => T | undefined {
  let outcome: T | undefined;
  void promise.then((value) => (outcome = value));
  return () => outcome;
}

describe('PingDecisions: notification tokens', () => {
  it('makes a fresh 43-character base64url token each time, which it knows as its own', () => {
    const { instance } = bench();
    const { decisions } = instance();
    const tokens = new Set(Array.from({ length: 20 }, () => decisions.newToken()));
    expect(tokens.size).toBe(20);
    for (const token of tokens) {
      expect(token).toMatch(/^[\w-]{43}$/);
      expect(decisions.isOurs(token)).toBe(true);
    }
  });

  it('any instance with the secret knows a token; another secret, a changed byte or a forged MAC are refused', () => {
    const { instance } = bench();
    const token = instance().decisions.newToken();
    const here = instance().decisions;
    expect(here.isOurs(token)).toBe(true);
    expect(instance([secret(2)]).decisions.isOurs(token)).toBe(false);
    const bytes = Buffer.from(token, 'base64url');
    for (const at of [0, 15, 16, 31]) {
      const changed = Buffer.from(bytes);
      changed[at] = (changed[at] as number) ^ 1;
      expect(here.isOurs(changed.toString('base64url'))).toBe(false);
    }
    const forged = Buffer.concat([bytes.subarray(0, 16), Buffer.alloc(16)]).toString('base64url');
    expect(here.isOurs(forged)).toBe(false);
  });

  it('new tokens use the first secret; tokens of every listed secret are accepted (rotation)', () => {
    const { instance } = bench();
    const rotated = instance([secret(2), secret(1)]).decisions;
    const fresh = rotated.newToken();
    expect(instance([secret(2)]).decisions.isOurs(fresh)).toBe(true);
    expect(instance([secret(1)]).decisions.isOurs(fresh)).toBe(false);
    expect(rotated.isOurs(instance([secret(1)]).decisions.newToken())).toBe(true);
    expect(rotated.isOurs(instance([secret(2)]).decisions.newToken())).toBe(true);
    expect(rotated.isOurs(instance([secret(3)]).decisions.newToken())).toBe(false);
  });

  it('refuses, without throwing, tokens of another length or not written exactly as issued', () => {
    const { instance } = bench();
    const { decisions } = instance();
    const token = decisions.newToken();
    const bytes = Buffer.from(token, 'base64url');
    const refused = [
      '',
      token.slice(0, 42),
      bytes.subarray(0, 31).toString('base64url'),
      Buffer.concat([bytes, Buffer.from([0])]).toString('base64url'),
      Buffer.concat([bytes, bytes]).toString('base64url'),
      `${token}=`,
      `${token}.`,
      bytes.toString('base64'),
    ];
    for (const other of refused) expect([other, decisions.isOurs(other)]).toEqual([other, false]);
  });
});

describe('PingDecisions: decisions', () => {
  it('a decision is stored for 10 minutes under the token and the login together, and published as a digest only', async () => {
    const { instance, faulty, keys, clock, published } = bench();
    const { decisions } = instance();
    const token = decisions.newToken();
    await decisions.announce(token, 'login-1');
    expect(await faulty.peek(keys.decided(token, 'login-1'))).toBe('1');
    expect(published).toEqual([keys.decisionMessage(token, 'login-1')]);
    expect(published[0]).not.toContain(token);
    await clock.advance(599_999);
    expect(await faulty.peek(keys.decided(token, 'login-1'))).toBe('1');
    await clock.advance(1);
    expect(await faulty.peek(keys.decided(token, 'login-1'))).toBeNull();
  });

  it('a held request on another instance is woken at once by the published decision, without reading the store', async () => {
    const { instance, clock, readsOf } = bench();
    const there = instance().decisions;
    const token = there.newToken(); // the instance that started the login listens from now on
    await settle();
    const held = watch(there.waitFor(token, 'login-1', 8_000, undefined));
    await clock.advance(3_000);
    expect(held()).toBeUndefined();
    await instance().decisions.announce(token, 'login-1');
    await settle();
    expect(held()).toBe(true);
    expect(readsOf(token, 'login-1')).toBe(0);
    // known here from now on: asked again, at once and without the store
    expect(await there.waitFor(token, 'login-1', 8_000, undefined)).toBe(true);
    expect(readsOf(token, 'login-1')).toBe(0);
  });

  it('a held request is woken on the instance that took the notification even while the store is down', async () => {
    const { instance, faulty } = bench();
    const { decisions } = instance();
    const token = decisions.newToken();
    await settle();
    const held = watch(decisions.waitFor(token, 'login-1', 8_000, undefined));
    await settle();
    faulty.mode = 'down';
    await decisions.announce(token, 'login-1');
    await settle();
    expect(held()).toBe(true);
  });

  it("a token replayed for another login, or another login's decision, wakes nobody", async () => {
    const { instance, clock } = bench();
    const there = instance().decisions;
    const token = there.newToken();
    const other = there.newToken();
    await settle();
    const held = watch(there.waitFor(token, 'login-1', 8_000, undefined));
    const here = instance().decisions;
    await here.announce(token, 'login-2');
    await here.announce(other, 'login-1');
    await clock.advance(8_000);
    expect(held()).toBe(false);
  });

  it('a held request ends false after its hold, not sooner, having read the store once at the end', async () => {
    const { instance, clock, readsOf } = bench();
    const { decisions } = instance();
    const token = decisions.newToken();
    await settle();
    const held = watch(decisions.waitFor(token, 'login-1', 3_000, undefined));
    await clock.advance(2_999);
    expect([held(), readsOf(token, 'login-1')]).toEqual([undefined, 0]);
    await clock.advance(1);
    expect([held(), readsOf(token, 'login-1')]).toEqual([false, 1]);
  });

  it('a decision whose message was missed is found in the store at the end of the hold', async () => {
    const { instance, clock, faulty, keys } = bench();
    const { decisions } = instance();
    const token = decisions.newToken();
    await settle();
    const held = watch(decisions.waitFor(token, 'login-1', 3_000, undefined));
    await faulty.set(keys.decided(token, 'login-1'), '1', 600); // written, its message lost
    await clock.advance(2_999);
    expect(held()).toBeUndefined();
    await clock.advance(1);
    expect(held()).toBe(true);
  });

  it('with no time to hold, answers at once from what it knows and the store', async () => {
    const { instance, faulty, keys } = bench();
    const { decisions } = instance();
    const token = decisions.newToken();
    await settle();
    const none = watch(decisions.waitFor(token, 'login-1', 0, undefined));
    await settle();
    expect(none()).toBe(false);
    await faulty.set(keys.decided(token, 'login-1'), '1', 600);
    const stored = watch(decisions.waitFor(token, 'login-1', 0, undefined));
    await settle();
    expect(stored()).toBe(true);
  });

  it('a fresh instance, not yet hearing the channel, finds a decision made before in the store at once', async () => {
    const { instance, readsOf } = bench();
    const token = instance().decisions.newToken();
    await instance().decisions.announce(token, 'login-1');
    const fresh = instance().decisions;
    const held = watch(fresh.waitFor(token, 'login-1', 8_000, undefined));
    await settle();
    expect([held(), readsOf(token, 'login-1')]).toEqual([true, 1]);
    // remembered: no second read
    expect(await fresh.waitFor(token, 'login-1', 8_000, undefined)).toBe(true);
    expect(readsOf(token, 'login-1')).toBe(1);
  });

  it('a decision this instance hears while its first store read is on its way ends the held request at once', async () => {
    const { instance, faulty } = bench();
    const token = instance().decisions.newToken();
    const fresh = instance().decisions;
    faulty.mode = 'frozen'; // the read of a fresh instance, not yet hearing the channel, takes its time
    const held = watch(fresh.waitFor(token, 'login-1', 8_000, undefined));
    await settle();
    void fresh.announce(token, 'login-1'); // meanwhile the IdP's notification reaches this instance
    faulty.mode = 'up';
    faulty.thaw(); // the read answers: not stored yet
    await settle();
    expect(held()).toBe(true);
  });

  it('an instance that hears the channel reads the store at the start of a held request only within 5 s of store trouble', async () => {
    const { instance, clock, faulty, readsOf } = bench();
    const { decisions, shared } = instance();
    const token = decisions.newToken();
    await settle();
    faulty.mode = 'down';
    await decisions.claim('login-0', 'notified'); // the store fails: trouble now
    const troubleAt = clock.now();
    faulty.mode = 'up';
    await clock.advance(100);
    expect(shared.isUp).toBe(true);
    const reads: number[] = [];
    for (const at of [troubleAt + 5_000, troubleAt + 5_001]) {
      await clock.advance(at - clock.now());
      const before = readsOf(token, 'login-1');
      const abort = new AbortController();
      const held = decisions.waitFor(token, 'login-1', 8_000, abort.signal);
      await settle();
      reads.push(readsOf(token, 'login-1') - before);
      abort.abort();
      expect(await held).toBe(false);
    }
    expect(reads).toEqual([1, 0]);
  });

  it('a browser that leaves ends its held request at once: false, without reading the store', async () => {
    const { instance, faulty, keys, readsOf } = bench();
    const { decisions } = instance();
    const token = decisions.newToken();
    await settle();
    await faulty.set(keys.decided(token, 'login-1'), '1', 600); // its message missed
    const leaving = new AbortController();
    const held = watch(decisions.waitFor(token, 'login-1', 8_000, leaving.signal));
    await settle();
    leaving.abort();
    await settle();
    expect([held(), readsOf(token, 'login-1')]).toEqual([false, 0]);
    const gone = new AbortController();
    gone.abort();
    const left = watch(decisions.waitFor(token, 'login-1', 8_000, gone.signal));
    await settle();
    expect([left(), readsOf(token, 'login-1')]).toEqual([false, 0]);
  });

  it('an instance remembers a decision for 10 minutes', async () => {
    const { instance, clock, faulty } = bench({ probeMs: 3_600_000 });
    const { decisions } = instance();
    const token = decisions.newToken();
    await decisions.announce(token, 'login-1');
    await clock.advance(599_999);
    faulty.mode = 'down'; // only what the instance remembers counts
    expect(await decisions.waitFor(token, 'login-1', 0, undefined)).toBe(true);
    await clock.advance(1);
    expect(await decisions.waitFor(token, 'login-1', 0, undefined)).toBe(false);
  });

  it('it listens once, from the first token it makes; a subscription that failed is tried again at the next request', async () => {
    const { instance, faulty, clock } = bench();
    const { decisions } = instance();
    const subscriptions = () => faulty.sent.filter((name) => name === 'subscribe').length;
    faulty.mode = 'down';
    const token = decisions.newToken();
    await settle();
    expect(subscriptions()).toBe(1);
    faulty.mode = 'up';
    await clock.advance(100);
    decisions.newToken();
    await settle();
    expect(subscriptions()).toBe(2);
    decisions.newToken();
    await decisions.waitFor(token, 'login-0', 0, undefined);
    expect(subscriptions()).toBe(2);
    // and it hears: a decision published elsewhere wakes its held request
    const held = watch(decisions.waitFor(token, 'login-1', 8_000, undefined));
    await settle();
    await instance().decisions.announce(token, 'login-1');
    await settle();
    expect(held()).toBe(true);
  });

  it('a held request listens too, on an instance that made no token yet', async () => {
    const { instance, faulty } = bench();
    const token = instance().decisions.newToken();
    const { decisions } = instance();
    const before = faulty.sent.filter((name) => name === 'subscribe').length;
    const held = watch(decisions.waitFor(token, 'login-1', 8_000, undefined));
    await settle();
    expect(faulty.sent.filter((name) => name === 'subscribe').length).toBe(before + 1);
    await instance().decisions.announce(token, 'login-1');
    await settle();
    expect(held()).toBe(true);
  });
});

describe('PingDecisions: a store without publish and subscribe', () => {
  it.each<PubSub>(['neither', 'publish only', 'subscribe only'])(
    'with %s: one warning, and a held request reads the store 4 times a second',
    async (pubsub) => {
      const { instance, clock, readsOf } = bench({ pubsub });
      const { decisions, logs } = instance();
      expect(logs).toEqual([
        [
          'warn',
          'LOGIN_PING_WITHOUT_PUBSUB',
          'login kit: ping mode with a store that cannot publish and subscribe: a held status request asks the store 4 times a second (give RedisLoginStore a subscriber)',
        ],
      ]);
      const token = decisions.newToken();
      const held = watch(decisions.waitFor(token, 'login-1', 1_000, undefined));
      await settle();
      expect(readsOf(token, 'login-1')).toBe(1);
      await clock.advance(249);
      expect(readsOf(token, 'login-1')).toBe(1);
      await clock.advance(1);
      expect(readsOf(token, 'login-1')).toBe(2);
      await clock.advance(750);
      expect([held(), readsOf(token, 'login-1')]).toEqual([false, 5]);
    },
  );

  it('what an instance already knows, or hears from a notification it took, needs no store read', async () => {
    const { instance, readsOf } = bench({ pubsub: 'neither' });
    const { decisions } = instance();
    const known = decisions.newToken();
    await decisions.announce(known, 'login-1');
    expect(await decisions.waitFor(known, 'login-1', 8_000, undefined)).toBe(true);
    expect(readsOf(known, 'login-1')).toBe(0);
    const token = decisions.newToken();
    const held = watch(decisions.waitFor(token, 'login-2', 8_000, undefined));
    await settle();
    expect(readsOf(token, 'login-2')).toBe(1); // not hearing a channel: the store, once, at the start
    await decisions.announce(token, 'login-2'); // the IdP's notification, to this instance
    await settle();
    expect([held(), readsOf(token, 'login-2')]).toEqual([true, 1]);
  });

  it('a decision another instance stored is found at the next read, 250 ms at most', async () => {
    const { instance, clock } = bench({ pubsub: 'neither' });
    const { decisions } = instance();
    const token = decisions.newToken();
    const held = watch(decisions.waitFor(token, 'login-1', 8_000, undefined));
    await clock.advance(100);
    await instance().decisions.announce(token, 'login-1');
    await clock.advance(149);
    expect(held()).toBeUndefined();
    await clock.advance(1);
    expect(held()).toBe(true);
  });

  it('the hold ends on time when it is not a multiple of 250 ms', async () => {
    const { instance, clock, readsOf } = bench({ pubsub: 'neither' });
    const { decisions } = instance();
    const token = decisions.newToken();
    const held = watch(decisions.waitFor(token, 'login-1', 300, undefined));
    await clock.advance(299);
    expect(held()).toBeUndefined();
    await clock.advance(1);
    expect([held(), readsOf(token, 'login-1')]).toEqual([false, 3]);
  });

  it('a store that publishes and subscribes, or the kit’s memory store, gets no warning', () => {
    const { instance } = bench();
    expect(instance().logs).toEqual([]);
    const memory = Object.assign(new MemoryLoginStore(), { publish: undefined, subscribe: undefined });
    expect(instance([secret(1)], memory).logs).toEqual([]);
  });
});

describe('PingDecisions: notifications while the store is away', () => {
  it('a decision the store did not take is written and published once it answers; held requests elsewhere wake then', async () => {
    const { instance, clock, faulty, keys } = bench();
    const there = instance().decisions;
    const token = there.newToken();
    await settle();
    const held = watch(there.waitFor(token, 'login-1', 8_000, undefined));
    const here = instance();
    faulty.mode = 'down';
    await here.decisions.announce(token, 'login-1');
    expect(here.shared.isUp).toBe(false);
    await clock.advance(1_000);
    expect(held()).toBeUndefined();
    faulty.mode = 'up';
    await clock.advance(100);
    expect([held(), here.shared.isUp]).toEqual([true, true]);
    expect(await faulty.peek(keys.decided(token, 'login-1'))).toBe('1');
    // written at the store's return (10 minutes from the notification), and not again at a later one
    await clock.advance(300_000);
    faulty.mode = 'down';
    await here.decisions.claim('login-0', 'notified');
    faulty.mode = 'up';
    await clock.advance(100);
    expect(here.shared.isUp).toBe(true);
    await clock.advance(299_900);
    expect(await faulty.peek(keys.decided(token, 'login-1'))).toBeNull();
  });

  it('a decision published but not stored is written again once the store answers', async () => {
    const { instance, clock, faulty, keys } = bench();
    const here = instance();
    const token = here.decisions.newToken();
    await settle();
    const set = faulty.set.bind(faulty);
    let refusing = true;
    faulty.set = (key, value, ttl) =>
      refusing ? Promise.reject(new Error('READONLY')) : set(key, value, ttl);
    await here.decisions.announce(token, 'login-1');
    expect(await faulty.peek(keys.decided(token, 'login-1'))).toBeNull();
    refusing = false;
    await clock.advance(100);
    expect(await faulty.peek(keys.decided(token, 'login-1'))).toBe('1');
  });

  it('a decision stored but not published is published once the store answers', async () => {
    const { instance, clock, faulty, keys, published } = bench();
    const here = instance();
    const token = here.decisions.newToken();
    await settle();
    const publish = faulty.publish.bind(faulty);
    let refusing = true;
    faulty.publish = (channel, message) =>
      refusing ? Promise.reject(new Error('NOPERM')) : publish(channel, message);
    await here.decisions.announce(token, 'login-1');
    expect(here.shared.isUp).toBe(false);
    refusing = false;
    await clock.advance(100);
    expect(published).toEqual([keys.decisionMessage(token, 'login-1')]);
    expect(here.shared.isUp).toBe(true);
  });

  it('the store counts as back only once it took every decision kept meanwhile', async () => {
    const { instance, clock, faulty, keys } = bench();
    const here = instance();
    const first = here.decisions.newToken();
    const second = here.decisions.newToken();
    await settle();
    faulty.mode = 'down';
    await here.decisions.announce(first, 'login-1');
    await here.decisions.announce(second, 'login-2');
    faulty.mode = 'up';
    const set = faulty.set.bind(faulty);
    let refusing = true;
    faulty.set = (key, value, ttl) =>
      refusing && key === keys.decided(second, 'login-2')
        ? Promise.reject(new Error('OOM'))
        : set(key, value, ttl);
    await clock.advance(300);
    expect(here.shared.isUp).toBe(false);
    expect(await faulty.peek(keys.decided(first, 'login-1'))).toBe('1');
    refusing = false;
    await clock.advance(100);
    expect(here.shared.isUp).toBe(true);
    expect(await faulty.peek(keys.decided(second, 'login-2'))).toBe('1');
  });

  it.each<PubSub>(['publish and subscribe', 'neither'])(
    'with %s: a decision written once is not written again after a later outage',
    async (pubsub) => {
      const { instance, clock, faulty, keys } = bench({ pubsub });
      const here = instance();
      const token = here.decisions.newToken();
      await here.decisions.announce(token, 'login-1');
      expect(here.shared.isUp).toBe(true);
      await clock.advance(300_000);
      faulty.mode = 'down';
      await here.decisions.claim('login-0', 'notified');
      faulty.mode = 'up';
      await clock.advance(100);
      expect(here.shared.isUp).toBe(true);
      await clock.advance(299_900);
      expect(await faulty.peek(keys.decided(token, 'login-1'))).toBeNull(); // 10 minutes after the first write
    },
  );

  it('a decision kept 10 minutes without the store is dropped, not written', async () => {
    const { instance, clock, faulty, keys } = bench({ probeMs: 60_000 });
    const here = instance();
    const early = here.decisions.newToken();
    const late = here.decisions.newToken();
    await settle();
    faulty.mode = 'down';
    await here.decisions.announce(early, 'login-1');
    const start = clock.now();
    await clock.advance(60_000);
    await here.decisions.announce(late, 'login-2');
    await clock.advance(start + 540_000 - clock.now() + 1); // past the probe at 9 minutes
    expect(here.shared.isUp).toBe(false);
    faulty.mode = 'up';
    await clock.advance(start + 600_000 - clock.now()); // the probe at 10 minutes
    expect(here.shared.isUp).toBe(true);
    expect(await faulty.peek(keys.decided(early, 'login-1'))).toBeNull();
    expect(await faulty.peek(keys.decided(late, 'login-2'))).toBe('1');
  });
});

describe('PingDecisions: claims', () => {
  it('one instance gets the right to ask the IdP, per login and round, for 60 s or until it gives it back', async () => {
    const { instance, clock, faulty, keys } = bench();
    const here = instance().decisions;
    const there = instance().decisions;
    expect(await here.claim('login-1', 'notified')).toBe(true);
    expect(await faulty.peek(keys.claim('login-1', 'notified'))).toBe('1');
    expect(await there.claim('login-1', 'notified')).toBe(false);
    expect(await here.claim('login-1', 'notified')).toBe(false);
    expect(await there.claim('login-1', 'fallback-1')).toBe(true);
    expect(await there.claim('login-2', 'notified')).toBe(true);
    await here.release('login-1', 'notified');
    expect(await faulty.peek(keys.claim('login-1', 'notified'))).toBeNull();
    expect(await there.claim('login-1', 'notified')).toBe(true);
    await clock.advance(59_999);
    expect(await here.claim('login-1', 'notified')).toBe(false);
    await clock.advance(1);
    expect(await here.claim('login-1', 'notified')).toBe(true);
  });

  it('while the store is down, each instance claims in its own memory', async () => {
    const { instance, faulty } = bench();
    const here = instance().decisions;
    const there = instance().decisions;
    faulty.mode = 'down';
    expect(await here.claim('login-1', 'notified')).toBe(true);
    expect(await here.claim('login-1', 'notified')).toBe(false);
    expect(await there.claim('login-1', 'notified')).toBe(true);
    await here.release('login-1', 'notified');
    expect(await here.claim('login-1', 'notified')).toBe(true);
  });
});

describe('PingDecisions: memory', () => {
  it('remembers at most 10,000 decisions: at the limit the expired go first, then all', async () => {
    const { instance, clock, faulty, keys } = bench();
    const { decisions } = instance();
    const token = decisions.newToken();
    await settle();
    // decisions other instances announce, heard on the channel only (the store holds none of them)
    const hear = async (...loginIds: string[]) => {
      for (const loginId of loginIds)
        await faulty.publish(keys.channel(), keys.decisionMessage(token, loginId));
      await settle();
    };
    const others = (prefix: string) => Array.from({ length: 9_998 }, (_, n) => `${prefix}-${n}`);
    const knows = async (...loginIds: string[]) => {
      const known: boolean[] = [];
      for (const loginId of loginIds) known.push(await decisions.waitFor(token, loginId, 0, undefined));
      return known;
    };
    await hear(...others('early'), 'login-1', 'login-2'); // 10,000
    expect(await knows('login-1', 'login-2')).toEqual([true, true]);
    await hear('login-3'); // at 10,000, none expired: all forgotten
    expect(await knows('login-1', 'login-2', 'login-3')).toEqual([false, false, true]);
    await clock.advance(1);
    await hear(...others('late'), 'login-4'); // 10,000 again, login-3 1 ms older than the rest
    await clock.advance(599_999); // login-3 expires now, the rest in 1 ms
    await hear('login-5'); // at 10,000: the expired one goes, the rest stay
    expect(await knows('login-3', 'login-4', 'login-5')).toEqual([false, true, true]);
  });
});
