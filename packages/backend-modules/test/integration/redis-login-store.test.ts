import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../../../test-support/redis-server.js';
import { RedisLoginStore } from '../../src/login/store/redis-login-store.js';
import { describeLoginStoreContract } from '../support/login-store-contract.js';

// The login kit's store in a real Redis (Debian's redis-server on a loopback port), through the
// official client (node-redis), as a customer runs several instances.
let redis: TestRedis;
let client: ReturnType<typeof createClient>;
let other: ReturnType<typeof createClient>;
const subscribers: ReturnType<typeof createClient>[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  client = createClient(redis.clientOptions);
  other = createClient(redis.clientOptions);
  for (const connection of [client, other]) connection.on('error', () => {});
  await Promise.all([client.connect(), other.connect()]);
}, 30_000);

afterAll(async () => {
  for (const connection of [client, other, ...subscribers]) connection?.destroy();
  await redis?.stop();
});

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const subscriberOf = async (of: ReturnType<typeof createClient>) => {
  const subscriber = of.duplicate();
  subscribers.push(subscriber);
  subscriber.on('error', () => {});
  return subscriber.connect();
};

describeLoginStoreContract('RedisLoginStore on one redis-server', async () => ({
  store: new RedisLoginStore(client, { subscriber: await subscriberOf(client) }),
  other: new RedisLoginStore(other, { subscriber: await subscriberOf(other) }),
  pass: async (ms: number) => {
    await sleep(ms);
  },
}));

describe('RedisLoginStore', () => {
  it('keeps counters of one kind and window in one hash that expires with the window', async () => {
    const store = new RedisLoginStore(client);
    const ends = Date.now() + 60_000;
    await store.incrementField('ones:rl:start-user:7', 'digest-a', ends);
    await store.incrementField('ones:rl:start-user:7', 'digest-b', ends);
    expect(await client.hGetAll('ones:rl:start-user:7')).toEqual({ 'digest-a': '1', 'digest-b': '1' });
    const expiresAt = await client.pExpireTime('ones:rl:start-user:7');
    expect(expiresAt).toBe(ends);
  });

  it('counts with eval alone for a client without hIncrBy and pExpireAt', async () => {
    const { eval: run, set, get, del } = client;
    const minimal = {
      eval: run.bind(client),
      set: set.bind(client),
      get: get.bind(client),
      del: del.bind(client),
    };
    const store = new RedisLoginStore(minimal as never);
    const ends = Date.now() + 60_000;
    expect([
      await store.incrementField('ones:rl:x:1', 'f', ends),
      await store.incrementField('ones:rl:x:1', 'f', ends),
    ]).toEqual([1, 2]);
    expect(await client.pExpireTime('ones:rl:x:1')).toBe(ends);
  });

  it('a prefix keeps apps apart, in keys and channels', async () => {
    const shop = new RedisLoginStore(client, { prefix: 'shop:' });
    const blog = new RedisLoginStore(client, { prefix: 'blog:' });
    await shop.set('ones:logout:s1', '1', 60);
    expect(await shop.get('ones:logout:s1')).toBe('1');
    expect(await blog.get('ones:logout:s1')).toBeNull();
    expect(await client.get('shop:ones:logout:s1')).toBe('1');
  });

  it('a durable write waits for the replicas: refused when a connected replica did not take it, not taken for recorded', async () => {
    const lagging = {
      ...client,
      set: client.set.bind(client),
      WAIT: async () => 0,
      ROLE: async () => ({ role: 'master', replicas: [{ host: '127.0.0.1', port: 1 }] }),
    };
    await expect(
      new RedisLoginStore(lagging as never, { replicas: 1 }).set('ones:logout:durable', '1', 60, {
        durable: true,
      }),
    ).rejects.toThrow('only 0 of 1 replicas acknowledged the write');
    // a master without replicas (one promoted a moment ago): as durable as it gets
    await new RedisLoginStore(client, { replicas: 1 }).set('ones:logout:durable', '1', 60, { durable: true });
    expect(await client.get('ones:logout:durable')).toBe('1');
  });

  it('says so when GET answers something other than a string, rather than reading it as nothing', async () => {
    const store = new RedisLoginStore({ ...client, get: async () => Buffer.from('1') } as never);
    await expect(store.get('k')).rejects.toThrow('do not map replies to Buffers');
  });

  it('offers subscribe only with a subscriber connection', () => {
    expect(new RedisLoginStore(client).subscribe).toBeUndefined();
  });
});
