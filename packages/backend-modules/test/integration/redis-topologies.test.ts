import { createCluster, createSentinel } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestRedisCluster,
  startTestRedisSentinel,
  type TestRedisCluster,
  type TestRedisSentinel,
} from '../../../../test-support/redis-topologies.js';
import { RedisLoginStore } from '../../src/login/store/redis-login-store.js';
import { describeLoginStoreContract } from '../support/login-store-contract.js';

// The login kit's store on Redis as production runs it: a Cluster of 3 masters (every operation
// names one key, so one shard answers it) and a master with a replica behind Sentinel, both from
// Debian's redis-server on loopback, through node-redis's own clients for each.
let cluster: TestRedisCluster;
let sentinel: TestRedisSentinel;
const clients: { destroy?: () => void; close?: () => Promise<void> }[] = [];
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

beforeAll(async () => {
  [cluster, sentinel] = await Promise.all([startTestRedisCluster(), startTestRedisSentinel()]);
}, 60_000);

afterAll(async () => {
  for (const client of clients) (client.destroy ?? client.close)?.call(client);
  await Promise.all([cluster?.stop(), sentinel?.stop()]);
});

async function clusterClient() {
  const client = createCluster({
    rootNodes: cluster.ports.map((port) => ({ url: `redis://127.0.0.1:${port}` })),
    defaults: { disableOfflineQueue: true },
  });
  client.on('error', () => {});
  clients.push(client);
  await client.connect();
  return client;
}

async function sentinelClient() {
  const client = createSentinel({
    name: sentinel.name,
    sentinelRootNodes: [{ host: '127.0.0.1', port: sentinel.sentinelPort }],
  });
  client.on('error', () => {});
  clients.push(client);
  await client.connect();
  return client;
}

describeLoginStoreContract('RedisLoginStore on a Redis Cluster of 3 masters', async () => {
  const [one, two] = [await clusterClient(), await clusterClient()];
  return {
    store: new RedisLoginStore(one as never, { subscriber: one as never }),
    other: new RedisLoginStore(two as never, { subscriber: two as never }),
    pass: async (ms) => {
      await sleep(ms);
    },
  };
});

describeLoginStoreContract('RedisLoginStore on Redis behind Sentinel (a master and a replica)', async () => {
  const [one, two] = [await sentinelClient(), await sentinelClient()];
  return {
    store: new RedisLoginStore(one as never, { subscriber: one as never, replicas: 1 }),
    other: new RedisLoginStore(two as never, { subscriber: two as never, replicas: 1 }),
    pass: async (ms) => {
      await sleep(ms);
    },
  };
});

describe('the kit’s keys on a Cluster', () => {
  it('spread over the shards: counters of one kind in one hash, logouts each on their own', async () => {
    const client = await clusterClient();
    const store = new RedisLoginStore(client as never);
    for (let index = 0; index < 30; index += 1) await store.set(`ones:logout:session-${index}`, '1', 60);
    const perShard = await Promise.all(
      client.masters.map(async (master) => (await client.nodeClient(master)).dbSize()),
    );
    expect(perShard.filter((keys) => keys > 0).length).toBe(3);
  });
});

describe('a durable write behind Sentinel', () => {
  it('is on the replica when set() resolves', async () => {
    const client = await sentinelClient();
    const store = new RedisLoginStore(client as never, { replicas: 1 });
    await store.set('ones:logout:durable', '1', 60, { durable: true });
    const replica = await client.use(async (master) => master.info('replication'));
    expect(replica).toContain('connected_slaves:1');
  });
});
