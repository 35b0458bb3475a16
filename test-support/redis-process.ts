// The processes behind the tests' Redis (test-support/redis-server.ts, redis-topologies.ts): Debian's
// redis-server (or redis-sentinel mode of it) on a free loopback port, ready when it says so, killed
// when the test process exits whatever happened to the test.

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

const REDIS_SERVER = process.env.ONES_REDIS_SERVER ?? 'redis-server';

/** A port on 127.0.0.1 that nothing listens on at the moment. */
export function freePort(): Promise<number> {
  return new Promise((found, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => found(port));
    });
  });
}

/** Every server started and still running, to kill them all when this process exits. */
const started = new Set<ChildProcess>();
process.once('exit', () => {
  for (const server of started) server.kill('SIGKILL');
});

/**
 * One redis-server (or sentinel) process started with `args` in `dir`, resolved once it is ready.
 *
 * @example
 * const server = await launchRedis(['--port', String(await freePort()), '--save', ''], dir);
 */
export function launchRedis(args: readonly string[], dir: string): Promise<ChildProcess> {
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

/** Resolves once `server` has exited (at once when it already has). */
export function exited(server: ChildProcess): Promise<void> {
  return server.exitCode !== null || server.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((done) => server.once('exit', () => done()));
}
