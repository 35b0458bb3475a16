// Starts a login-kit instance in a child process of its own (kit-process-main.ts, run from the
// workspace's TypeScript source), for the fault suite.

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What the child needs: its Redis, the device dev-idp wrote, and the kit's secret and origin. */
export interface KitProcessConfig {
  readonly redisUrl: string;
  readonly deviceConfigPath: string;
  readonly signerUrl: string;
  readonly secret: string;
  readonly origin: string;
  readonly cibaPing?: boolean;
}

export interface KitProcess {
  readonly url: string;
  /** What the instance logged, one event a line. */
  readonly logs: { readonly level: string; readonly code?: string; readonly message: string }[];
  /** Blocks its event loop for `ms` now, or right after its next store read was sent. */
  stall(ms: number, when?: 'now' | 'after-next-read'): Promise<void>;
  stop(): Promise<void>;
}

const root = fileURLToPath(new URL('../../../..', import.meta.url));

/** A kit instance on a free loopback port, ready to serve. */
export async function startKitProcess(config: KitProcessConfig): Promise<KitProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--experimental-transform-types',
      '--no-warnings',
      '--import',
      './scripts/source-hooks.mjs',
      './packages/dev-idp/test/faults/kit-process-main.ts',
    ],
    {
      cwd: root,
      env: { ...process.env, ONES_KIT_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const logs: KitProcess['logs'][number][] = [];
  const port = await new Promise<number>((ready, fail) => {
    let pending = '';
    child.once('exit', (code) => fail(new Error(`the kit process exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += String(chunk);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('listening ')) ready(Number(line.slice('listening '.length)));
        else if (line.startsWith('log ')) logs.push(JSON.parse(line.slice(4)));
      }
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    logs,
    stall: async (ms, when = 'now') => {
      await fetch(`${url}/__stall${when === 'now' ? '' : '-after-next-read'}`, {
        method: 'POST',
        body: JSON.stringify({ ms }),
      });
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
