#!/usr/bin/env node
// Type-checks every ```ts block in docs/, the READMEs and the JSDoc @example blocks of the packages,
// against the built packages, as a customer's code would see them. Run from docs/ (a private
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
  ...walk(join(root, 'docs'), (p) => p.endsWith('.md')),
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

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
snippets.forEach(({ file, code }, index) => {
  const header = `// from ${relative(root, file)}\n`;
  writeFileSync(join(out, `snippet-${String(index).padStart(3, '0')}.ts`), `${header}${code}\nexport {};\n`);
});
console.log(
  `type-checking ${snippets.length} snippets from ${markdown.length} Markdown files and ${sources.length} source files`,
);
execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'docs/tsconfig.snippets.json')], {
  stdio: 'inherit',
});
