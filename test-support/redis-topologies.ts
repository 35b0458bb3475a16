// Redis the way production runs it, from Debian's redis-server package, on loopback ports of their
// own: a Cluster of 3 masters, and a master with a replica watched by Sentinel. Each test file
// starts its own and stops it.

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const REDIS_SERVER = process.env.ONES_REDIS_SERVER ?? 'redis-server';

function freePort(): Promise<number> {
  return new Promise((found, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => found(port));
    });
  });
}

/** Every server started, to stop them all, whatever happens to the test. */
const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const server of started) server.kill('SIGKILL');
});

/** One redis-server (or sentinel) process, started with `args`, ready when it says so. */
function launch(args: readonly string[], dir: string): Promise<ChildProcess> {
  const server = spawn(REDIS_SERVER, [...args], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
  started.add(server);
  server.once('exit', () => started.delete(server));
  return new Promise((ready, fail) => {
    let output = '';
    server.once('error', (error) =>
      fail(new Error(`cannot start redis-server (${error.message}); run scripts/ensure-redis.sh`)),
    );
    server.once('exit', (code) => fail(new Error(`redis-server exited with ${code}: ${output.slice(-500)}`)));
    server.stdout?.on('data', (chunk: Buffer) => {
      output += String(chunk);
      if (/Ready to accept connections|Sentinel ID is/.test(output)) ready(server);
    });
  });
}

const exited = (server: ChildProcess) =>
  server.exitCode !== null || server.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((done) => server.once('exit', () => done()));

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
      launch(
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
  const master = await launch(common(masterPort), dir);
  const replica = await launch([...common(replicaPort), '--replicaof', '127.0.0.1', String(masterPort)], dir);
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
  const sentinel = await launch([join(dir, 'sentinel.conf'), '--sentinel'], dir);
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
