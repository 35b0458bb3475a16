import type { OnesLogEvent } from '@ones.dev/backend-modules';
import { RedisLoginStore } from '@ones.dev/backend-modules/login';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../../../test-support/redis-server.js';
import { ResilientLoginStore } from '../../src/login/resilient-login-store.js';

// The login kit's store in a real Redis (Debian's redis-server on a loopback port), through the
// official client (node-redis), as a customer runs several instances.
let redis: TestRedis;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  redis = await startTestRedis();
  client = createClient(redis.clientOptions);
  client.on('error', () => {});
  await client.connect();
}, 30_000);

afterAll(async () => {
  client?.destroy();
  await redis?.stop();
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

describe('RedisLoginStore', () => {
  it('counts in a window that starts with the first count and ends on its own', async () => {
    const store = new RedisLoginStore(client);
    expect(await store.increment('count:a', 0.3)).toBe(1);
    expect(await store.increment('count:a', 0.3)).toBe(2);
    expect(await client.pTTL('count:a')).toBeGreaterThan(0); // the window is the first count's
    await sleep(400);
    expect(await store.increment('count:a', 0.3)).toBe(1);
  });

  it('counts atomically: 200 concurrent increments from two clients give 1 to 200 once each', async () => {
    const other = createClient({ url: redis.url });
    await other.connect();
    const stores = [new RedisLoginStore(client), new RedisLoginStore(other)];
    const counts = await Promise.all(
      Array.from({ length: 200 }, (_, index) =>
        (stores[index % 2] as RedisLoginStore).increment('count:b', 60),
      ),
    );
    expect(counts.toSorted((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, index) => index + 1));
    other.destroy();
  });

  it('adds only what is not there, for fractional seconds too (whole milliseconds for Redis)', async () => {
    const store = new RedisLoginStore(client);
    expect(await store.add('lock:a', 'first', 0.25)).toBe(true);
    expect(await store.add('lock:a', 'second', 0.25)).toBe(false);
    expect(await store.get('lock:a')).toBe('first');
    const ttl = await client.pTTL('lock:a');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(250);
    await sleep(300);
    expect(await store.get('lock:a')).toBeNull();
    expect(await store.add('lock:a', 'third', 0.0001)).toBe(true); // rounded up to 1 ms, never PX 0
  });

  it('sets, gets and deletes, each value expiring on its own; a prefix keeps apps apart', async () => {
    const shop = new RedisLoginStore(client, { prefix: 'shop:' });
    const blog = new RedisLoginStore(client, { prefix: 'blog:' });
    await shop.set('ones:logout:s1', '1', 60);
    expect(await shop.get('ones:logout:s1')).toBe('1');
    expect(await blog.get('ones:logout:s1')).toBeNull();
    expect(await client.get('shop:ones:logout:s1')).toBe('1');
    await shop.delete('ones:logout:s1');
    expect(await shop.get('ones:logout:s1')).toBeNull();
    await shop.set('short', 'x', 0.1);
    await sleep(200);
    expect(await shop.get('short')).toBeNull();
  });
});

describe('the kit store when Redis dies and comes back (ResilientLoginStore)', () => {
  it('answers from memory at once, says so once, and shares state again once Redis is back', async () => {
    const log: OnesLogEvent[] = [];
    const store = new ResilientLoginStore(new RedisLoginStore(client), (event) => log.push(event), {
      retryAfterMs: 300,
    });
    await store.set('ones:logout:before', '1', 60);
    expect(await client.get('ones:logout:before')).toBe('1');

    await redis.kill();
    const started = Date.now();
    expect(await store.increment('ones:rl:x', 60)).toBe(1); // from memory
    expect(await store.increment('ones:rl:x', 60)).toBe(2);
    expect(await store.add('ones:poll:x', '1', 1)).toBe(true);
    expect(await store.add('ones:poll:x', '1', 1)).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000); // nothing hangs
    expect(log).toEqual([
      {
        level: 'warn',
        message: expect.stringMatching(
          /^login kit: the store failed \(\w+( [A-Z_]+)?( "[A-Za-z ,.'-]+")?\); logins go on, with rate limits, logouts, poll pacing and refresh locks kept in this instance's memory until it answers again$/,
        ),
      },
    ]);
    expect(JSON.stringify(log)).not.toContain(String(redis.port)); // no address in the log

    await redis.restart();
    await expect
      .poll(
        async () => {
          await store.set('ones:logout:after', '1', 60);
          return client.isReady ? client.get('ones:logout:after') : null;
        },
        { timeout: 10_000, interval: 200 },
      )
      .toBe('1');
    expect(log.at(-1)).toEqual({
      level: 'info',
      message: 'login kit: the store answers again; state is shared across instances again',
    });
    expect(log.filter((event) => event.level === 'warn')).toHaveLength(1);
  }, 30_000);

  it('stops waiting for a store that does not answer', async () => {
    const log: OnesLogEvent[] = [];
    const silent = { increment: () => new Promise<number>(() => {}) } as never;
    const store = new ResilientLoginStore(silent, (event) => log.push(event), { timeoutMs: 100 });
    const started = Date.now();
    expect(await store.increment('k', 60)).toBe(1);
    expect(Date.now() - started).toBeLessThan(500);
    expect(log[0]?.message).toMatch(/^login kit: the store failed \(a timeout\)/);
  });
});
