// For the scale benchmark: Debian's redis-server on a free loopback port, without persistence,
// which the benchmark can pause (SIGSTOP) and resume, and whose command counts it reads.

import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function freePort() {
  const probe = createServer();
  await new Promise((ready) => probe.listen(0, '127.0.0.1', ready));
  const { port } = probe.address();
  await new Promise((closed) => probe.close(closed));
  return port;
}

/** A redis-server; `commandCalls()` reads `INFO commandstats`: every command it ran, scripts' included. */
export async function startRedisProcess() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'ones-bench-redis-'));
  const server = spawn(
    process.env.ONES_REDIS_SERVER ?? 'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise((ready, fail) => {
    let output = '';
    server.once('exit', (code) => fail(new Error(`redis-server exited with ${code}`)));
    server.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) ready();
    });
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    pause: () => server.kill('SIGSTOP'),
    resume: () => server.kill('SIGCONT'),
    commandCalls: async () => {
      const { stdout } = await run('redis-cli', ['-p', String(port), 'info', 'commandstats']);
      const byCommand = {};
      for (const [, command, calls] of stdout.matchAll(/^cmdstat_([\w|]+):calls=(\d+)/gm)) {
        // the benchmark's own INFO and the clients' handshakes are not the kit's
        if (!['info', 'hello', 'client|setinfo', 'client|setname', 'select'].includes(command)) {
          byCommand[command] = Number(calls);
        }
      }
      return { byCommand, total: Object.values(byCommand).reduce((sum, calls) => sum + calls, 0) };
    },
    stop: async () => {
      server.kill('SIGCONT');
      server.kill('SIGKILL');
      await new Promise((exited) => server.once('exit', exited));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
