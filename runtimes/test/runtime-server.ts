// Starts runtimes/src/serve.ts under Bun or Deno (the binaries runtimes/package.json installs from
// the npm registry) and hands the tests its URL, a `fetch`-shaped door for the kit helpers, and what
// it printed.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('..', import.meta.url));
const installed = (path: string) => fileURLToPath(new URL(`../node_modules/${path}`, import.meta.url));

/**
 * How each runtime is started: Bun from its Linux x64 build (runtimes/package.json says why not the
 * `bun` wrapper), Deno with only the permissions the SDK needs.
 */
export const RUNTIMES = [
  { name: 'bun', command: [installed('@oven/bun-linux-x64/bin/bun'), 'src/serve.ts'] },
  {
    name: 'deno',
    command: [
      installed('.bin/deno'),
      'run',
      '--allow-env',
      '--allow-net=127.0.0.1',
      '--allow-read',
      'src/serve.ts',
    ],
  },
] as const;

export interface RuntimeServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** What the runtime wrote to stderr so far (the kit's log lines). */
  stderr(): string;
  /** POSTs `body` as JSON to `path`; the status and the parsed answer. */
  post(path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  /** Calls one DeviceAuthentication method in the runtime; its value, or throws its error's code. */
  call<T = Record<string, unknown>>(method: string, ...args: unknown[]): Promise<T>;
  /** For `kitBrowser`: a request addressed to any origin goes to this server's same path. */
  readonly kit: { fetch(request: Request): Promise<Response> };
  stop(): Promise<void>;
}

/** Starts `command` with `env`; resolves once it prints `listening <port>` (or rejects after 30 s). */
export async function startRuntimeServer(
  command: readonly string[],
  env: Record<string, string>,
): Promise<RuntimeServer> {
  const [file = '', ...args] = command;
  const child: ChildProcess = spawn(file, args, {
    cwd: folder,
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${file} did not listen within 30 s: ${stderr}`)),
      30_000,
    );
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const listening = /listening (\d+)/.exec(stdout);
      if (listening) {
        clearTimeout(timer);
        resolve(Number(listening[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`${file} exited (${code}): ${stderr}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const post = async (path: string, body: unknown) => {
    const answer = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: answer.status, json: (await answer.json()) as Record<string, unknown> };
  };
  return {
    url,
    stderr: () => stderr,
    post,
    call: async (method, ...args) => {
      const { json } = await post(`/rpc/${method}`, args);
      if (json.error !== undefined) {
        const { code, message } = json.error as { code?: string; message: string };
        throw Object.assign(new Error(message), { code });
      }
      return json.value as never;
    },
    kit: {
      fetch: async (request) => {
        const { pathname, search } = new URL(request.url);
        return fetch(`${url}${pathname}${search}`, {
          method: request.method,
          headers: request.headers,
          redirect: 'manual',
          ...(request.method === 'GET' ? {} : { body: await request.arrayBuffer() }),
        });
      },
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}
