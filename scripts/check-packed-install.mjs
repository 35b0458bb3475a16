#!/usr/bin/env node
// Proves the release and the published shape of the public packages, not the workspace: packs each one
// (allowlisted files only), versions and publishes them the way a release does (`changeset version`,
// `changeset publish` to the registry configured in .npmrc; here Verdaccio on 127.0.0.1), installs
// them by name into a fresh temporary project with plain npm and a customer's .npmrc, then imports
// every entry in Node as ESM and as CommonJS (the backend ones by logging in against
// @ones.dev/testing), and bundles common for the browser with esbuild (platform=browser).
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { startLocalRegistry } from './local-registry.mjs';
import { releaseWithChangesets } from './release-with-changesets.mjs';

const root = resolve(import.meta.dirname, '..');
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
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
    (f) => !/^(dist\/|package\.json$|README\.md$|LICENSE)/.test(f) || /\.test\./.test(f),
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
      `msw@${rootManifest.devDependencies.msw}`,
    ],
    app,
    customerShell,
  );

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
  writeFileSync(
    join(app, 'backend.mjs'),
    `import { AuthJwtProperties } from '@ones.dev/common';
import { DeviceAuthentication, createDeviceIdentitySigningFunction } from '@ones.dev/backend-modules';
import { createFakeDeviceSigner, createFakeOnesIdp, createTestDevice } from '@ones.dev/testing';
import { setupServer } from 'msw/node';
const device = await createTestDevice({ keyType: 'ECC:p384' });
const idp = createFakeOnesIdp({ host: 'https://id.example', device });
const signer = createFakeDeviceSigner({ device, encoding: 'der' });
const server = setupServer(...idp.handlers, ...signer.handlers);
server.listen({ onUnhandledFrame: 'error' });
const auth = new DeviceAuthentication({
  name: 'pack-check', idpBaseUrl: 'https://id.example', deviceId: device.deviceId, deviceClientId: device.clientId,
  deviceKeyType: device.keyType, functions: { signingFunction: createDeviceIdentitySigningFunction() },
  deviceIdentityUrl: signer.url, authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Pack check' }),
});
const login = await auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
idp.approve(login.auth_req_id);
const tokens = await auth.checkCibaStatus(login.auth_req_id);
const claims = await auth.validateJwt(tokens.id_token, { tokenType: 'id_token' });
server.close();
if (claims.sub !== 'user-alice') process.exit(1);
console.log('backend ESM: CIBA login against @ones.dev/testing ok');\n`,
  );
  writeFileSync(
    join(app, 'backend.cjs'),
    `const { AuthJwtProperties } = require('@ones.dev/common');
const { DeviceAuthentication, createKeySigningFunction, jwsAlgorithmForKeyType } = require('@ones.dev/backend-modules');
const { createFakeOnesIdp, createTestDevice } = require('@ones.dev/testing');
const { setupServer } = require('msw/node');
(async () => {
  const device = await createTestDevice({ keyType: 'RSA:2048' });
  const idp = createFakeOnesIdp({ host: 'https://id.example', device });
  const server = setupServer(...idp.handlers);
  server.listen({ onUnhandledFrame: 'error' });
  const auth = new DeviceAuthentication({
    name: 'pack-check', idpBaseUrl: 'https://id.example', deviceId: device.deviceId, deviceClientId: device.clientId,
    deviceKeyType: device.keyType, functions: { signingFunction: createKeySigningFunction(device.privateKeyPem) },
    deviceIdentityUrl: 'http://127.0.0.1:8000/sign', authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Pack check' }),
  });
  const { access_token } = await auth.makeDeviceAccessToken();
  const { active } = await auth.tokenIntrospection(access_token);
  server.close();
  if (!active || jwsAlgorithmForKeyType('RSA:2048') !== 'RS256') process.exit(1);
  console.log('backend CommonJS: device token against @ones.dev/testing ok');
})().catch((error) => { console.error(error); process.exit(1); });\n`,
  );
  process.stdout.write(run('node', ['backend.mjs'], app));
  process.stdout.write(run('node', ['backend.cjs'], app));
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
