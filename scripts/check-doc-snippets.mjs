#!/usr/bin/env node
// Type-checks every ```ts block in docs/, the READMEs and the JSDoc @example blocks of the packages,
// against the built packages, as a customer's code would see them. Blocks that import vitest are
// written as *.test.ts, which `vitest --project docs` runs. Run from docs/ (a private
// workspace package that depends on the public ones).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'docs/generated-snippets');

function walk(dir, keep) {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path, keep) : keep(path) ? [path] : [];
  });
}

const markdown = [
  join(root, 'README.md'),
  // docs/api is generated from the JSDoc, whose examples are checked from the sources below.
  ...walk(join(root, 'docs'), (p) => p.endsWith('.md') && !p.startsWith(join(root, 'docs/api/'))),
  ...walk(join(root, 'packages'), (p) => p.endsWith('README.md')),
];
const sources = walk(join(root, 'packages'), (p) => /\/src\/.*\.ts$/.test(p) && !/\.test(-d)?\.ts$/.test(p));

const snippets = [];
for (const file of markdown) {
  for (const match of readFileSync(file, 'utf8').matchAll(/```ts\n([\s\S]*?)```/g))
    snippets.push({ file, code: match[1] });
}
for (const file of sources) {
  for (const match of readFileSync(file, 'utf8').matchAll(/\* ```ts\n([\s\S]*?)\* ```/g)) {
    snippets.push({ file, code: match[1].replace(/^\s*\* ?/gm, '') });
  }
}

// Browser snippets compile without Node types (common must stay browser-safe); snippets that use the
// Node-only packages compile with them.
const isNode = ({ file, code }) =>
  /packages\/(backend-modules|testing|dev-idp)\//.test(file) ||
  /@ones\.dev\/(backend-modules|testing|dev-idp)|msw\/node/.test(code);

// Snippets that are whole vitest files (docs/testing.md) are also run, by the `docs` vitest project.
const isTest = ({ code }) => /from 'vitest'/.test(code);

rmSync(out, { recursive: true, force: true });
for (const target of ['browser', 'node']) mkdirSync(join(out, target), { recursive: true });
snippets.forEach((snippet, index) => {
  const header = `// from ${relative(root, snippet.file)}\n`;
  const target = isNode(snippet) ? 'node' : 'browser';
  writeFileSync(
    join(out, target, `snippet-${String(index).padStart(3, '0')}${isTest(snippet) ? '.test' : ''}.ts`),
    `${header}${snippet.code}\nexport {};\n`,
  );
});
const nodeCount = snippets.filter(isNode).length;
console.log(
  `type-checking ${snippets.length} snippets (${snippets.length - nodeCount} browser, ${nodeCount} Node) from ${markdown.length} Markdown files and ${sources.length} source files`,
);
for (const config of ['tsconfig.snippets.json', 'tsconfig.snippets-node.json']) {
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'docs', config)], { stdio: 'inherit' });
}
