// svelte-check has no `@ts-expect-error` for markup: this runs it over refused/WrongUses.svelte and
// checks that it reports exactly the three wrong uses, so typings that allowed anything (or were
// missing) fail the example's type check.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const checked = spawnSync(
  'svelte-check',
  ['--tsconfig', join(here, 'refused', 'tsconfig.json'), '--output', 'machine'],
  { encoding: 'utf8', shell: process.platform === 'win32' },
);
const errors = checked.stdout
  .split('\n')
  .filter((line) => / ERROR /.test(line))
  .map((line) => /WrongUses\.svelte" (\d+):/.exec(line)?.[1]);
const expected = ['9', '10', '11']; // mode="cookies", theme="blue", a listener that wants a string
if (JSON.stringify(errors) !== JSON.stringify(expected)) {
  console.error(`svelte-check should refuse lines ${expected.join(', ')} of WrongUses.svelte; it reported:`);
  console.error(checked.stdout || checked.stderr);
  process.exit(1);
}
console.log('the Svelte typings refuse the three wrong uses');
