#!/usr/bin/env node
// Type-checks every ```ts block in docs/, the READMEs and the JSDoc @example blocks of the packages,
// against the built packages, as a customer's code would see them. Run from docs/ (a private
// workspace package that depends on the public ones).
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { extractDocSnippets } from './extract-doc-snippets.mjs';

const root = resolve(import.meta.dirname, '..');
const { total, node, markdownFiles, sourceFiles } = extractDocSnippets();
console.log(
  `type-checking ${total} snippets (${total - node} browser, ${node} Node) from ${markdownFiles} Markdown files and ${sourceFiles} source files`,
);
for (const config of ['tsconfig.snippets.json', 'tsconfig.snippets-node.json']) {
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'docs', config)], { stdio: 'inherit' });
}
