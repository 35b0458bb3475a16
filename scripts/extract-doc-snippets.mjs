// Extracts every ```ts block in docs/, the READMEs and the JSDoc @example blocks of the packages into
// docs/generated-snippets/{browser,node}/. The docs typecheck (check-doc-snippets.mjs) compiles them;
// the docs tests (docs/test/snippets.test.ts) extract them again and run the ones that are whole
// vitest files, so they never depend on an earlier step.
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

// Browser snippets compile without Node types (common must stay browser-safe); snippets that use the
// Node-only packages compile with them.
const isNode = ({ file, code }) =>
  /packages\/(backend-modules|testing|dev-idp)\//.test(file) ||
  /@ones\.dev\/(backend-modules|testing|dev-idp)|msw\/node/.test(code);

// Snippets that are whole vitest files (docs/testing.md) are also run, by the `docs` vitest project.
const isTest = ({ code }) => /from 'vitest'/.test(code);

/**
 * Writes the snippets and returns what it wrote: counts, and the paths of the snippets that are
 * vitest files.
 */
export function extractDocSnippets() {
  const markdown = [
    join(root, 'README.md'),
    // docs/api is generated from the JSDoc, whose examples are checked from the sources below.
    ...walk(join(root, 'docs'), (p) => p.endsWith('.md') && !p.startsWith(join(root, 'docs/api/'))),
    ...walk(join(root, 'packages'), (p) => p.endsWith('README.md')),
  ];
  const sources = walk(
    join(root, 'packages'),
    (p) => /\/src\/.*\.ts$/.test(p) && !/\.test(-d)?\.ts$/.test(p),
  );
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
  for (const target of ['browser', 'node']) mkdirSync(join(out, target), { recursive: true });
  const testFiles = [];
  snippets.forEach((snippet, index) => {
    const header = `// from ${relative(root, snippet.file)}\n`;
    const target = isNode(snippet) ? 'node' : 'browser';
    const path = join(
      out,
      target,
      `snippet-${String(index).padStart(3, '0')}${isTest(snippet) ? '.test' : ''}.ts`,
    );
    writeFileSync(path, `${header}${snippet.code}\nexport {};\n`);
    if (isTest(snippet)) testFiles.push(path);
  });
  return {
    total: snippets.length,
    node: snippets.filter(isNode).length,
    markdownFiles: markdown.length,
    sourceFiles: sources.length,
    testFiles,
  };
}

if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  const { total, testFiles } = extractDocSnippets();
  console.log(
    `extracted ${total} snippets, ${testFiles.length} of them test files, into ${relative(root, out)}`,
  );
}
