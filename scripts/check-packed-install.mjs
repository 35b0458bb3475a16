#!/usr/bin/env node
// Proves the published shape of the public packages, not the workspace: packs each one, installs the
// tarballs into a fresh temporary project with plain npm, then imports every entry in Node as ESM and
// as CommonJS, and bundles them with esbuild for the browser (platform=browser: no Node built-ins).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'ones-pack-'));
const run = (command, args, cwd) =>
  execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

try {
  const commonDir = join(root, 'packages/common');
  const packed = JSON.parse(run('pnpm', ['pack', '--json', '--pack-destination', work], commonDir));
  const tarball = packed.filename;
  const files = packed.files.map((f) => f.path);
  const unexpected = files.filter(
    (f) => !/^(dist\/|package\.json$|README\.md$|LICENSE)/.test(f) || /\.test\./.test(f),
  );
  if (unexpected.length > 0)
    throw new Error(`tarball contains files outside the allowlist: ${unexpected.join(', ')}`);
  const manifest = JSON.parse(readFileSync(join(commonDir, 'package.json'), 'utf8'));
  console.log(`packed ${manifest.name}@${manifest.version}: ${files.length} files`);

  const app = join(work, 'app');
  run('mkdir', ['-p', app], work);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'pack-check', private: true }));
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball], app);

  writeFileSync(
    join(app, 'esm.mjs'),
    `import { AuthJwtProperties, makeCibaRequestClient, isOnesError, PERSONAL_DATA_CONSENT_PROPERTIES, buildQrCodeContent } from '@ones.dev/common';
import { TokenResponseSchema } from '@ones.dev/common/schemas';
import { renderQrCodeSvg } from '@ones.dev/common/qr';
const props = new AuthJwtProperties({ bindingMessage: 'Authorize login to Example.com' });
const svg = renderQrCodeSvg(buildQrCodeContent({ cbUrl: 'https://id.example/cb', sessionId: 's1', exp: 1 }));
const parsed = TokenResponseSchema.parse({ access_token: 'a', token_type: 'Bearer' });
const error = await makeCibaRequestClient('http://shop.example', 'alice').catch((e) => e);
if (props.scope !== 'openid' || !svg.startsWith('<svg') || parsed.access_token !== 'a' || !isOnesError(error, 'ERR_VALIDATION_ARGUMENT') || PERSONAL_DATA_CONSENT_PROPERTIES.EMAIL !== 'email') process.exit(1);
console.log('ESM import ok');\n`,
  );
  writeFileSync(
    join(app, 'cjs.cjs'),
    `const { AuthJwtProperties, OnesError, unixTimeInSeconds } = require('@ones.dev/common');
const { CibaAuthRequestFrontendDtoSchema } = require('@ones.dev/common/schemas');
const { renderQrCodeSvg } = require('@ones.dev/common/qr');
let rejected = false;
try { new AuthJwtProperties({ scope: 'profile', bindingMessage: 'x' }); } catch (e) { rejected = e instanceof OnesError && e.code === 'ERR_VALIDATION_ARGUMENT'; }
if (!rejected || typeof unixTimeInSeconds() !== 'number' || !CibaAuthRequestFrontendDtoSchema.safeParse({ userIdentifier: 'a' }).success || !renderQrCodeSvg('x').startsWith('<svg')) process.exit(1);
console.log('CommonJS require ok');\n`,
  );
  process.stdout.write(run('node', ['esm.mjs'], app));
  process.stdout.write(run('node', ['cjs.cjs'], app));

  writeFileSync(
    join(app, 'browser.mjs'),
    `export * from '@ones.dev/common';\nexport * from '@ones.dev/common/qr';\nexport * as schemas from '@ones.dev/common/schemas';\n`,
  );
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
} finally {
  rmSync(work, { recursive: true, force: true });
}
