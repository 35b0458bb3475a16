#!/usr/bin/env node
// Proves the release and the published shape of the public packages, not the workspace: packs each one
// (allowlisted files only), versions and publishes them the way a release does (`changeset version`,
// `changeset publish` to the registry configured in .npmrc; here Verdaccio on 127.0.0.1), installs
// them by name into a fresh temporary project with plain npm and a customer's .npmrc, then imports
// every entry in Node as ESM and as CommonJS (the backend ones by logging in against
// @ones.dev/testing), and bundles common for the browser with esbuild (platform=browser).
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { startLocalRegistry } from './local-registry.mjs';
import { releaseWithChangesets } from './release-with-changesets.mjs';

const root = resolve(import.meta.dirname, '..');
// the workspace's tools (msw among them) live in tools/package.json, not the root's
const toolsManifest = JSON.parse(readFileSync(join(root, 'tools', 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'ones-pack-'));
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
// Anything that talks to the local registry must not block this process: it serves the registry.
const runAsync = async (command, args, cwd, env = process.env) =>
  (await promisify(execFile)(command, args, { cwd, env, encoding: 'utf8' })).stdout;
// A customer's shell: without the npm_config_* variables pnpm sets for scripts, which would override
// the project's .npmrc (npm_config_registry above all).
const customerShell = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => !/^npm_config_/i.test(name)),
);

const PACKAGES = ['common', 'backend-modules', 'testing', 'dev-idp'];

/** Packs one workspace package and checks its tarball holds only the allowlisted files. */
function pack(name) {
  const dir = join(root, 'packages', name);
  const packed = JSON.parse(run('pnpm', ['pack', '--json', '--pack-destination', work], dir));
  const files = packed.files.map((f) => f.path);
  const unexpected = files.filter(
    // types/: hand-written framework typings (`@ones.dev/common/widget/react`)
    (f) =>
      !/^(dist\/|types\/[\w-]+\.(d\.ts|js)$|package\.json$|README\.md$|LICENSE)/.test(f) ||
      /\.test\./.test(f),
  );
  if (unexpected.length > 0)
    throw new Error(`${name} tarball contains files outside the allowlist: ${unexpected.join(', ')}`);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  console.log(`packed ${manifest.name}@${manifest.version}: ${files.length} files`);
}

const registry = await startLocalRegistry(join(work, 'registry'));
try {
  for (const name of PACKAGES) pack(name);
  const release = join(work, 'release');
  const published = await releaseWithChangesets({ root, copy: release, registry });
  for (const { name, version } of published) {
    const served = (
      await runAsync(
        'npm',
        ['view', `${name}@${version}`, 'version', '--userconfig', join(release, '.npmrc')],
        work,
      )
    ).trim();
    if (served !== version) throw new Error(`${name}@${version} is not on the registry (got "${served}")`);
    console.log(`changeset publish: ${name}@${version} on the local registry ${registry.url}`);
  }

  const app = join(work, 'app');
  run('mkdir', ['-p', app], work);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-check', private: true }));
  writeFileSync(join(app, '.npmrc'), registry.customerNpmrc); // the vendor's line, as a customer has it
  // msw is @ones.dev/testing's peer dependency: a customer installs it next to it.
  await runAsync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      '@ones.dev/common',
      '@ones.dev/backend-modules',
      '@ones.dev/testing',
      `msw@${toolsManifest.devDependencies.msw}`,
    ],
    app,
    customerShell,
  );

  // The programs a customer would write (packaging/smoke, type-checked and linted in the repository).
  const smoke = join(root, 'packaging/smoke');
  for (const file of readdirSync(smoke)) copyFileSync(join(smoke, file), join(app, file));
  for (const program of ['backend.mjs', 'backend.cjs', 'esm.mjs', 'cjs.cjs'])
    process.stdout.write(run('node', [program], app));

  const result = await build({
    absWorkingDir: app,
    entryPoints: ['browser.mjs'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const nodeInputs = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('node:'));
  if (nodeInputs.length > 0) throw new Error(`browser bundle pulls Node built-ins: ${nodeInputs.join(', ')}`);
  console.log(
    `browser bundle (platform=browser) ok: ${result.outputFiles[0]?.contents.length} bytes minified, no Node built-ins`,
  );
  // The widget: `import '@ones.dev/common/widget'` alone keeps the element's definition in a bundle,
  // and the one-file build for a plain page is in the package, defining it too.
  const widget = await build({
    absWorkingDir: app,
    entryPoints: ['widget.mjs'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const defines = (code) => /customElements\.define\("ones-login"/.test(code);
  if (!defines(widget.outputFiles[0]?.text ?? ''))
    throw new Error('a bundle of the widget import lost customElements.define');
  const standalone = createRequire(join(app, 'package.json')).resolve('@ones.dev/common/widget/standalone');
  if (!defines(readFileSync(standalone, 'utf8')))
    throw new Error(`${standalone} does not define <ones-login>`);
  console.log('widget ok: its import keeps the element in a bundle; the one-file build defines it');
  // The customer got exactly the released versions, and the workspace:* ranges became real ones.
  const released = new Map(published.map(({ name, version }) => [name, version]));
  for (const name of ['@ones.dev/common', '@ones.dev/backend-modules', '@ones.dev/testing']) {
    const installed = JSON.parse(readFileSync(join(app, 'node_modules', name, 'package.json'), 'utf8'));
    if (installed.version !== released.get(name))
      throw new Error(`installed ${name}@${installed.version}, released ${released.get(name)}`);
    const workspaceManifest = JSON.parse(
      readFileSync(join(root, 'packages', name.replace('@ones.dev/', ''), 'package.json'), 'utf8'),
    );
    for (const [dep, range] of Object.entries(installed.dependencies ?? {})) {
      const declared = workspaceManifest.dependencies?.[dep] ?? '';
      if (!declared.startsWith('workspace:')) continue;
      // workspace:^ → ^1.2.3, workspace:~ → ~1.2.3, workspace:* → 1.2.3
      const expected = `${declared.slice('workspace:'.length).replace('*', '')}${released.get(dep)}`;
      if (range !== expected) throw new Error(`${name} depends on ${dep}@${range}, expected ${expected}`);
    }
    console.log(`installed ${name}@${installed.version} from the local registry with plain npm`);
  }
} finally {
  await registry.stop();
  rmSync(work, { recursive: true, force: true });
}
