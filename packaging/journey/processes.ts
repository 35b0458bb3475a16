// Programs the journey runs as a newcomer would in a terminal: each one's output is kept, for the
// test to wait on a line and to show when something fails; every one still running is stopped at
// the end.
import { type ChildProcess, spawn } from 'node:child_process';

/** A running program and what it printed so far (stdout and stderr together). */
export interface RunningProgram {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects if the program ends first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the program ends. */
  exited(): Promise<number | null>;
}

const running = new Set<ChildProcess>();

/**
 * Starts `command` in `cwd` with `env` (a customer's shell: no npm_config_* from the test runner).
 *
 * @example
 * ```ts
 * const idp = start('npx', ['ones-dev-idp', '--folder', '.ones-dev'], app);
 * const [, approvalUrl] = await idp.waitFor(/approval page\s+(\S+)/);
 * ```
 */
export function start(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): RunningProgram {
  // its own process group, so that stopping it stops what it started too (npx → node, bash → node)
  const child = spawn(command, args, {
    cwd,
    env: { ...customerShell(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  let output = '';
  const ended = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += String(chunk);
    for (const listener of listeners) listener();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  return {
    child,
    output: () => output,
    exited: () => ended,
    waitFor: (pattern, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const match = output.match(pattern);
          if (match === null) return;
          done();
          resolve(match);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${command} ${args.join(' ')} never printed ${pattern}; it printed:\n${output}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        ended.then((code) => {
          if (!listeners.has(check)) return;
          done();
          reject(new Error(`${command} ${args.join(' ')} exited (${code}) before ${pattern}:\n${output}`));
        });
        check();
      }),
  };
}

/** Stops every program still running, and what each one started. */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('exit', () => resolve());
          process.kill(-(child.pid ?? 0), 'SIGTERM');
        }),
    ),
  );
}

/** The environment of a customer's shell: without what pnpm or npm set for the test's own scripts. */
export function customerShell(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(npm_|pnpm_|INIT_CWD$|VITEST|NODE_OPTIONS$)/i.test(name),
    ),
  );
}
