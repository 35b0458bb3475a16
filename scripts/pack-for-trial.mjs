#!/usr/bin/env node
// The trial path: the public packages as installable tarballs, for trying the SDK in your own app
// without registry credentials. `npm run trial [-- --out <folder>]` (scripts/trial.sh) builds them
// first; this packs what the build made (`pnpm pack`: the published files, `workspace:` ranges turned
// into versions) into `<folder>` (default ./trial) under names without a version,
// `ones.dev-<package>.tgz`, and prints the npm lines to run in your app.
// The newcomer journey test (packaging/journey/newcomer-journey.test.ts) installs through it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(import.meta.dirname, '..');

/** The packages a customer installs, in the order npm needs them on one line. */
export const TRIAL_PACKAGES = ['common', 'backend-modules', 'testing', 'dev-idp'];

/**
 * Packs every public package into `folder` as `ones.dev-<name>.tgz`; returns the tarballs' paths by
 * package name (`@ones.dev/common` → `<folder>/ones.dev-common.tgz`).
 *
 * @param {string} folder
 * @returns {Map<string, string>}
 */
export function packForTrial(folder) {
  mkdirSync(folder, { recursive: true });
  const staging = mkdtempSync(join(folder, '.pack-'));
  const tarballs = new Map();
  try {
    // one pnpm for the four: each `pnpm pack` of its own took half a second to start
    execFileSync(
      'pnpm',
      [
        '-r',
        ...TRIAL_PACKAGES.flatMap((name) => ['--filter', `@ones.dev/${name}`]),
        'pack',
        '--pack-destination',
        staging,
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    const packed = readdirSync(staging);
    for (const name of TRIAL_PACKAGES) {
      const file = packed.find(
        (tarball) =>
          tarball.startsWith(`ones.dev-${name}-`) && /^[\d.]/.test(tarball.slice(`ones.dev-${name}-`.length)),
      );
      if (file === undefined) throw new Error(`pnpm pack wrote nothing for @ones.dev/${name}`);
      const tarball = join(folder, `ones.dev-${name}.tgz`);
      renameSync(join(staging, file), tarball);
      tarballs.set(`@ones.dev/${name}`, tarball);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return tarballs;
}

/** Whether `version` (`v20.20.2`) runs the guide's TypeScript files as they are: Node 22.18 or later. */
export function runsTypeScript(version) {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 18);
}

/**
 * What to run instead when the reader's Node is older than the guide needs: the Node the trial
 * installed, put first on PATH in the terminal where they follow the guide ('' when theirs will do).
 */
export function nodeAdvice(machineNode, toolsBin) {
  if (machineNode !== '' && runsTypeScript(machineNode)) return '';
  return `
Your Node is ${machineNode || 'missing'}; the guide's files are TypeScript, which Node runs as they are
from 22.18 on. The trial installed Node ${process.version} for its build: use it in the terminal where you
follow the guide (your app's npm and npx then run on it too):

  export PATH="${toolsBin}:$PATH"   # node --version says ${process.version}
`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'trial' } } });
  const folder = resolve(process.env.INIT_CWD ?? process.cwd(), values.out);
  const tarballs = packForTrial(folder);
  const quoted = (name) => `'${tarballs.get(name)}'`;
  const seconds = process.env.ONES_TRIAL_SECONDS;
  process.stdout.write(`
The OnesID SDK's packages are in ${folder}${seconds === undefined ? '' : ` (built in ${seconds} s)`}:
${[...tarballs.values()].map((tarball) => `  ${tarball}`).join('\n')}
${nodeAdvice(process.env.ONES_MACHINE_NODE ?? process.version, join(root, '.tools', 'bin'))}
In your app's folder (no .npmrc for the OnesID registry needed; a new app starts with
\`npm init -y && npm pkg set type=module\`), install them with plain npm:

  npm install ${quoted('@ones.dev/common')} ${quoted('@ones.dev/backend-modules')}
  npm install --save-dev ${quoted('@ones.dev/dev-idp')}
  npm install --save-dev ${quoted('@ones.dev/testing')} msw   # for your tests

Then follow docs/getting-started.md from step 2: npx ones-dev-idp --folder .ones-dev
`);
}
