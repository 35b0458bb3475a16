import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `ones-dev-idp` run as a user runs it, from its TypeScript source (no stale build): each mistake is
// one line on stderr and a non-zero exit, never a stack.
const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const HOOKS = new URL('../../../../scripts/source-hooks.mjs', import.meta.url).href;

let folder: string;
let taken: Server;
let takenPort: number;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dev-idp-cli-'));
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  takenPort = (taken.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => taken.close(resolve));
  await rm(folder, { recursive: true, force: true });
});

interface CliRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with `args` until it exits (or 20 s, when it is killed: it started instead of failing). */
function runCli(args: readonly string[]): Promise<CliRun> {
  const node = ['--experimental-transform-types', '--disable-warning=ExperimentalWarning', '--import', HOOKS];
  const child = spawn(process.execPath, [...node, CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const killer = setTimeout(() => child.kill(), 20_000);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(killer);
      resolve({ exitCode, stdout, stderr });
    });
  });
}

describe('ones-dev-idp explains a bad command line in one line', () => {
  it('an unknown flag is named, with the valid ones, and exits 2', async () => {
    expect(await runCli(['--prot', '4001', '--folder', folder])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr:
        'ones-dev-idp: unknown option --prot; the options are --port, --signer-port, --key-type, ' +
        '--folder, --users, --help (see ones-dev-idp --help)\n',
    });
  });

  it('a bad --key-type lists the key types, and exits 2', async () => {
    expect(await runCli(['--key-type', 'ECC:p999', '--folder', folder])).toEqual({
      exitCode: 2,
      stdout: '',
      stderr:
        'ones-dev-idp: --key-type "ECC:p999" is not a key type; use one of RSA:2048, ECC:p256, ' +
        'ECC:p384, ECC:p521 (see ones-dev-idp --help)\n',
    });
  });
});

describe('ones-dev-idp explains why it cannot start in one line', () => {
  it('a taken IdP port is named, with --port to change it, and exits 1', async () => {
    expect(await runCli(['--port', String(takenPort), '--signer-port', '0', '--folder', folder])).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: `ones-dev-idp: port ${takenPort} on 127.0.0.1 is taken; choose another port for the IdP with --port\n`,
    });
  });

  it('a taken signer port is named, with --signer-port to change it, and exits 1', async () => {
    expect(await runCli(['--port', '0', '--signer-port', String(takenPort), '--folder', folder])).toEqual({
      exitCode: 1,
      stdout: '',
      stderr:
        `ones-dev-idp: port ${takenPort} on 127.0.0.1 is taken; ` +
        'choose another port for the device signer with --signer-port\n',
    });
  });

  it.skipIf(process.platform === 'win32')(
    'a folder other users can write is refused, and exits 1',
    async () => {
      const shared = join(folder, 'shared');
      await mkdir(shared);
      await chmod(shared, 0o777);
      expect(await runCli(['--port', '0', '--signer-port', '0', '--folder', shared])).toEqual({
        exitCode: 1,
        stdout: '',
        stderr:
          `ones-dev-idp: dev-idp will not keep the device key in ${shared}: the folder is writable by ` +
          `other users (mode 777), who could replace the key or device.yml. Run chmod 700 ${shared}, ` +
          'or choose another folder.\n',
      });
    },
  );
});
