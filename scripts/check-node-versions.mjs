#!/usr/bin/env node
// One story about Node versions, checked: the Node packages (backend-modules, testing, dev-idp) share
// one `engines.node` minimum; the browser-safe @ones.dev/common has no Node engine, so an SPA that
// builds it on an older Node gets no warning; and every "Node ≥ N" in the READMEs and docs names that
// minimum; and no README, doc or JSDoc says the SDK runs on Bun, Deno or Cloudflare Workers unless a
// test runs it there (runtimes/package.json installs it) or the line says it is "not tested". (The
// repository's own toolchain, Node 24, is bootstrapped from any Node ≥ 20 with npm.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const manifest = (name) => JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
const problems = [];

if (manifest('common').engines !== undefined)
  problems.push('packages/common/package.json: the browser-safe package must not declare engines');
const minimums = new Map(
  ['backend-modules', 'testing', 'dev-idp'].map((name) => [name, manifest(name).engines?.node]),
);
const versions = new Set(minimums.values());
if (versions.size !== 1 || ![...versions][0]?.startsWith('>='))
  problems.push(`the Node packages must share one engines.node ">=N": ${JSON.stringify([...minimums])}`);
const minimum = [...versions][0]?.replace('>=', '');

const markdown = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => join('docs', file)),
  ...readdirSync(join(root, 'packages')).map((name) => join('packages', name, 'README.md')),
];
for (const file of markdown) {
  const text = readFileSync(join(root, file), 'utf8');
  for (const [claim, version] of text
    .matchAll(/Node (?:≥ ?|>= ?)(\d+)|Node (\d+) or newer/g)
    .map((m) => [m[0], m[1] ?? m[2]])) {
    if (version !== minimum) problems.push(`${file}: "${claim}", but the Node packages need Node ${minimum}`);
  }
}

// Runtimes other than Node: a claim needs the runtime installed for a test in runtimes/package.json.
const runtimesManifest = join(root, 'runtimes', 'package.json');
const tested = existsSync(runtimesManifest)
  ? (JSON.parse(readFileSync(runtimesManifest, 'utf8')).devDependencies ?? {})
  : {};
const listed = (folder) =>
  readdirSync(join(root, folder), { recursive: true })
    .map(String)
    .filter((file) => /\.(ts|md)$/.test(file) && !file.includes('node_modules') && !file.includes('.test.'))
    .map((file) => join(folder, file));
const sources = [
  ...markdown,
  'examples/README.md',
  ...listed('docs/frameworks'),
  ...listed('examples/hono'),
  ...listed('packages/backend-modules/src'),
  ...listed('packages/common/src'),
];
for (const [name, pattern, dependency] of [
  ['Bun', /\bBun\b/, 'bun'],
  ['Deno', /\bDeno\b/, 'deno'],
  ['Cloudflare Workers', /\bWorkers\b/, 'miniflare'],
]) {
  if (tested[dependency] !== undefined) continue;
  for (const file of sources) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      if (pattern.test(line) && !/not tested/i.test(line))
        problems.push(`${file}:${index + 1}: names ${name}, where no test runs the SDK`);
    });
  }
}

if (problems.length > 0) {
  console.error(`Node versions disagree:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(
  `Node versions agree: the Node packages need Node ${minimum}; @ones.dev/common declares none; no runtime is claimed that no test runs`,
);
