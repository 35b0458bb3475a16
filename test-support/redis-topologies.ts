// Redis the way production runs it, from Debian's redis-server package, on loopback ports of their
// own: a Cluster of 3 masters, and a master with a replica watched by Sentinel. Each test file
// starts its own and stops it.

import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { exited, freePort, launchRedis } from './redis-process.js';

const run = promisify(execFile);
async function stopAll(servers: readonly ChildProcess[], dir: string) {
  for (const server of servers) server.kill('SIGKILL');
  await Promise.all(servers.map(exited));
  rmSync(dir, { recursive: true, force: true });
}

const common = (port: number) => [
  '--port',
  String(port),
  '--bind',
  '127.0.0.1',
  '--save',
  '',
  '--appendonly',
  'no',
];

export interface TestRedisCluster {
  /** The masters' ports; each holds a third of the 16,384 slots. */
  readonly ports: readonly number[];
  stop(): Promise<void>;
}

/** Tries `start` up to 3 times: a free port found may be taken by another test before it is used. */
async function withRetries<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}

/** A Redis Cluster of 3 masters (no replicas), every slot covered, ready to serve. */
export function startTestRedisCluster(): Promise<TestRedisCluster> {
  return withRetries(startCluster);
}

/** A master, its replica and one sentinel (quorum 1, a master down after 1 s). */
export function startTestRedisSentinel(): Promise<TestRedisSentinel> {
  return withRetries(startSentinel);
}

async function startCluster(): Promise<TestRedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'ones-redis-cluster-'));
  const ports = [await freePort(), await freePort(), await freePort()];
  const servers = await Promise.all(
    ports.map((port) =>
      launchRedis(
        [...common(port), '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`],
        dir,
      ),
    ),
  );
  await run('redis-cli', [
    '--cluster',
    'create',
    ...ports.map((port) => `127.0.0.1:${port}`),
    '--cluster-replicas',
    '0',
    '--cluster-yes',
  ]);
  // the cluster is usable once every node agrees that all slots are served
  for (const port of ports) {
    for (let attempt = 0; ; attempt += 1) {
      const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info']);
      if (stdout.includes('cluster_state:ok')) break;
      if (attempt > 100) throw new Error(`the cluster did not come up on ${port}`);
      await new Promise((wait) => setTimeout(wait, 100));
    }
  }
  return { ports, stop: () => stopAll(servers, dir) };
}

export interface TestRedisSentinel {
  /** The name the sentinel knows the master by. */
  readonly name: string;
  readonly sentinelPort: number;
  /** The ports of the first master and of its replica. */
  readonly masterPort: number;
  readonly replicaPort: number;
  /** Kills the master (SIGKILL), as a crash would: the sentinel promotes the replica. */
  killMaster(): Promise<void>;
  /** The port of the master the sentinel names now. */
  currentMasterPort(): Promise<number>;
  stop(): Promise<void>;
}

async function startSentinel(): Promise<TestRedisSentinel> {
  const dir = mkdtempSync(join(tmpdir(), 'ones-redis-sentinel-'));
  const [masterPort, replicaPort, sentinelPort] = [await freePort(), await freePort(), await freePort()];
  const master = await launchRedis(common(masterPort), dir);
  const replica = await launchRedis(
    [...common(replicaPort), '--replicaof', '127.0.0.1', String(masterPort)],
    dir,
  );
  const name = 'ones-master';
  writeFileSync(
    join(dir, 'sentinel.conf'),
    [
      `port ${sentinelPort}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `sentinel monitor ${name} 127.0.0.1 ${masterPort} 1`,
      `sentinel down-after-milliseconds ${name} 1000`,
      `sentinel failover-timeout ${name} 5000`,
      `sentinel parallel-syncs ${name} 1`,
      '',
    ].join('\n'),
  );
  const sentinel = await launchRedis([join(dir, 'sentinel.conf'), '--sentinel'], dir);
  // the replica is in sync before anything is written
  for (let attempt = 0; ; attempt += 1) {
    const { stdout } = await run('redis-cli', ['-p', String(replicaPort), 'info', 'replication']);
    if (stdout.includes('master_link_status:up')) break;
    if (attempt > 100) throw new Error('the replica did not sync');
    await new Promise((wait) => setTimeout(wait, 100));
  }
  const currentMasterPort = async () => {
    const { stdout } = await run('redis-cli', [
      '-p',
      String(sentinelPort),
      'sentinel',
      'get-master-addr-by-name',
      name,
    ]);
    return Number(stdout.trim().split('\n')[1]);
  };
  return {
    name,
    sentinelPort,
    masterPort,
    replicaPort,
    currentMasterPort,
    killMaster: async () => {
      master.kill('SIGKILL');
      await exited(master);
    },
    stop: () => stopAll([sentinel, replica, master], dir),
  };
}
