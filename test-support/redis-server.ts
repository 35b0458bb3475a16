// Debian's redis-server for the tests that share state through Redis: each test file starts its own
// on a free loopback port, without persistence, and stops it. `scripts/ensure-redis.sh` (run by the
// test command) installs it when missing.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exited, freePort, launchRedis } from './redis-process.js';

export interface TestRedis {
  readonly port: number;
  readonly url: string;
  /**
   * node-redis `createClient` options for it, as the docs advise: fail at once while Redis is away
   * (no offline queue), and reconnect every 0.1 s (a test restarts it).
   */
  readonly clientOptions: {
    readonly url: string;
    readonly disableOfflineQueue: true;
    readonly socket: { readonly reconnectStrategy: () => number };
  };
  /** Kills the server at once (SIGKILL), as a crash would. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing was persisted). */
  restart(): Promise<void>;
  /** Freezes it (SIGSTOP): connections stay open, nothing is answered, until `resume`. */
  pause(): void;
  /** Lets a paused server go on (SIGCONT): it answers what it was sent meanwhile. */
  resume(): void;
  stop(): Promise<void>;
}

/** A redis-server without persistence on `port`, its files in `dir`. */
const launch = (port: number, dir: string) =>
  launchRedis(
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    dir,
  );

/** A fresh redis-server on 127.0.0.1. */
export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ones-redis-'));
  let server = await launch(port, dir);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    clientOptions: {
      url: `redis://127.0.0.1:${port}`,
      disableOfflineQueue: true,
      socket: { reconnectStrategy: () => 100 },
    },
    kill: async () => {
      server.kill('SIGKILL');
      await exited(server);
    },
    restart: async () => {
      server = await launch(port, dir);
    },
    pause: () => {
      server.kill('SIGSTOP');
    },
    resume: () => {
      server.kill('SIGCONT');
    },
    stop: async () => {
      server.kill('SIGCONT');
      server.kill('SIGTERM');
      await exited(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
