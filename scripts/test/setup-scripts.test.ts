// The setup scripts a newcomer runs, with the tools they call replaced by stand-ins that record
// what they were asked: `npm run setup:chromium` waits while another package manager holds apt's
// lock, and `npm run docs -- --port N` hands vitepress the reader's port and no other.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const folders: string[] = [];

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A folder of stand-in commands, each a bash script, put first on PATH. */
function standIns(scripts: Record<string, string>): { bin: string; log: string } {
  const bin = mkdtempSync(join(tmpdir(), 'ones-stand-ins-'));
  folders.push(bin);
  const log = join(bin, 'calls.log');
  writeFileSync(log, '');
  for (const [name, body] of Object.entries(scripts)) {
    writeFileSync(
      join(bin, name),
      `#!/usr/bin/env bash\nLOG='${log}'\necho "${name} $*" >> "$LOG"\n${body}\n`,
    );
    chmodSync(join(bin, name), 0o755);
  }
  return { bin, log };
}

function run(script: string, args: string[], bin: string, env: Record<string, string> = {}) {
  return spawnSync('bash', [join(ROOT, 'scripts', script), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${dirname(process.execPath)}:${process.env.PATH}`, ...env },
  });
}

const LOCKED = `echo "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (apt-get)" >&2; exit 100`;

describe('ensure-chromium.sh with apt held by another package manager', () => {
  const chromium = () => join(mkdtempSync(join(tmpdir(), 'ones-chromium-')), 'chromium');
  const fast = { ONES_APT_LOCK_WAIT_SECONDS: '1', ONES_APT_LOCK_POLL_SECONDS: '0.2' };

  it('waits until the lock is free, then installs', () => {
    const target = chromium();
    folders.push(dirname(target));
    const { bin, log } = standIns({
      // locked for the first two calls, then free; `install` makes the browser appear
      'apt-get': `count=$(grep -c . "$LOG")
[ "$count" -le 2 ] && { ${LOCKED}; }
if [ "$1" = install ]; then printf '#!/bin/sh\\necho Chromium 1\\n' > '${target}'; chmod +x '${target}'; fi
exit 0`,
    });
    const result = run('ensure-chromium.sh', [], bin, { ...fast, ONES_CHROMIUM_PATH: target });
    expect(result.status).toBe(0);
    expect(result.stderr).toContain('another package manager holds the lock');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([
      'apt-get update -qq',
      'apt-get update -qq',
      'apt-get update -qq',
      'apt-get install -y -qq --no-install-recommends chromium',
    ]);
    expect(existsSync(target)).toBe(true);
  });

  it('gives up with apt-get’s message and a next step when the lock stays held', () => {
    const target = chromium();
    folders.push(dirname(target));
    const { bin, log } = standIns({ 'apt-get': LOCKED });
    const result = run('ensure-chromium.sh', [], bin, { ...fast, ONES_CHROMIUM_PATH: target });
    expect(result.status).toBe(100);
    expect(result.stderr).toContain('It is held by process 4242');
    expect(result.stderr).toContain('still holds the lock after 1s; run this again when it is done');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(6);
  });

  it('fails at once on any other apt-get error', () => {
    const target = chromium();
    folders.push(dirname(target));
    const { bin, log } = standIns({ 'apt-get': 'echo "E: Unable to locate package chromium" >&2; exit 100' });
    const result = run('ensure-chromium.sh', [], bin, { ...fast, ONES_CHROMIUM_PATH: target });
    expect(result.status).toBe(100);
    expect(result.stderr).toContain('Unable to locate package chromium');
    expect(result.stderr).not.toContain('waiting');
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['apt-get update -qq']);
  });
});

describe('npm run docs -- --port N', () => {
  // pnpm's stand-in answers the bootstrap's version check and records the rest
  const pnpm = () =>
    standIns({
      pnpm: `[ "$1" = --version ] && echo ${readFileSync(join(ROOT, 'scripts/bootstrap.sh'), 'utf8').match(/ONES_PNPM_VERSION="([^"]+)"/)?.[1]}; exit 0`,
    });
  const preview = (log: string) =>
    readFileSync(log, 'utf8')
      .split('\n')
      .find((line) => line.includes('vitepress preview'));

  it.each([
    [['--port', '22300'], 'pnpm --filter ones-docs-site exec vitepress preview --port 22300'],
    [['--port=22300'], 'pnpm --filter ones-docs-site exec vitepress preview --port=22300'],
    [[], 'pnpm --filter ones-docs-site exec vitepress preview --port 5173'],
    [['--host', '0.0.0.0'], 'pnpm --filter ones-docs-site exec vitepress preview --port 5173 --host 0.0.0.0'],
  ])('%j serves on the port asked for, named once', (args, expected) => {
    const { bin, log } = pnpm();
    const result = run('docs.sh', args, bin);
    expect(result.status, result.stderr).toBe(0);
    expect(preview(log)).toBe(expected);
  });
});
