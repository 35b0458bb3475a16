import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LoginStore } from '../../src/login/store/login-store.js';

/** A store under test, made fresh for each test, and how to wait for real time to pass. */
export interface ContractSubject {
  readonly store: LoginStore;
  /** Milliseconds pass (really, for a server; on its clock, for a memory store). */
  readonly pass: (ms: number) => Promise<void>;
  /** The same store as another instance sees it (another client, same server), if the subject has one. */
  readonly other?: LoginStore;
}

/**
 * The `LoginStore` contract every store the kit ships passes, whatever runs it: memory, one Redis
 * server, a Redis Cluster (every operation names one key), Redis behind Sentinel.
 */
export function describeLoginStoreContract(
  name: string,
  subject: () => Promise<ContractSubject> | ContractSubject,
) {
  // keys of their own per test: a shared server keeps what earlier tests wrote
  const key = (label: string) => `ones:contract:${label}:${randomUUID()}`;

  describe(`LoginStore contract: ${name}`, () => {
    it('increment counts from 1 in a window that starts with the first count and ends on its own', async () => {
      const { store, pass } = await subject();
      const counter = key('count');
      expect([await store.increment(counter, 0.4), await store.increment(counter, 0.4)]).toEqual([1, 2]);
      await pass(500);
      expect(await store.increment(counter, 0.4)).toBe(1);
    });

    it('incrementField counts each field of a group on its own, and the group ends at its time', async () => {
      const { store, pass } = await subject();
      const group = key('group');
      const ends = Date.now() + 400;
      const count = (field: string) =>
        (store.incrementField as NonNullable<LoginStore['incrementField']>).call(store, group, field, ends);
      expect([await count('a'), await count('a'), await count('b')]).toEqual([1, 2, 1]);
      await pass(600);
      expect(await count('a')).toBe(1);
    });

    it('counts atomically: 200 concurrent increments give 1 to 200 once each', async () => {
      const { store, other } = await subject();
      const counter = key('race');
      const stores = [store, other ?? store];
      const counts = await Promise.all(
        Array.from({ length: 200 }, (_, index) => (stores[index % 2] as LoginStore).increment(counter, 60)),
      );
      expect(counts.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
    });

    it('add stores only when nothing is there, for fractional seconds too; delete frees it', async () => {
      const { store, other, pass } = await subject();
      const lock = key('lock');
      const [first, second] = await Promise.all([
        store.add(lock, 'first', 0.3),
        (other ?? store).add(lock, 'second', 0.3),
      ]);
      expect([first, second].filter(Boolean)).toHaveLength(1);
      expect(await store.get(lock)).toBe(first ? 'first' : 'second');
      await pass(400);
      expect(await store.get(lock)).toBeNull();
      expect(await store.add(lock, 'third', 0.0001)).toBe(true); // at least a millisecond, never 0
      await store.delete(lock);
      expect(await store.add(lock, 'fourth', 60)).toBe(true);
    });

    it('set, get and delete, each value expiring on its own; another instance sees them at once', async () => {
      const { store, other, pass } = await subject();
      const [long, short] = [key('long'), key('short')];
      await store.set(long, 'v1', 60);
      await store.set(short, 'v2', 0.2);
      expect(await (other ?? store).get(long)).toBe('v1');
      await pass(300);
      expect(await store.get(short)).toBeNull();
      await store.set(long, 'v3', 60, { durable: true });
      expect(await (other ?? store).get(long)).toBe('v3');
      await (other ?? store).delete(long);
      expect(await store.get(long)).toBeNull();
    });

    it('a message published on a channel reaches every subscriber of it, and no other channel', async () => {
      const { store, other } = await subject();
      if (store.subscribe === undefined || store.publish === undefined)
        throw new Error(`${name} cannot publish`);
      const [channel, elsewhere] = [key('channel'), key('elsewhere')];
      const heard: string[] = [];
      await store.subscribe(channel, (message) => heard.push(`mine:${message}`));
      await (other ?? store).subscribe?.(channel, (message) => heard.push(`theirs:${message}`));
      await store.subscribe(elsewhere, (message) => heard.push(`elsewhere:${message}`));
      await (other ?? store).publish?.(channel, 'decided');
      await expect
        .poll(() => heard.toSorted(), { timeout: 2_000, interval: 20 })
        .toEqual(['mine:decided', 'theirs:decided']);
    });
  });
}
