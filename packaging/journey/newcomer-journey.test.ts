// A newcomer's first hour, as docs/getting-started.md tells it, outside this workspace: the trial
// path (`scripts/pack-for-trial.mjs`, what `npm run trial` runs after its build) writes the tarballs;
// an empty folder becomes an app with plain npm and the guide's install lines; the guide's files are
// copied into it as shown; dev-idp runs through its CLI on ports of its own choosing (not 4000/8000);
// then the first login (a script) and the login box (the kit and the widget) log Alice in, with
// Chromium playing the user and the phone.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../examples/test-support/free-port.ts';
import { launchChromium } from '../../packages/common/test/browser/chromium.ts';
import { journeyBlocks } from './doc-blocks.ts';
import { customerShell, type RunningProgram, start, stopAll } from './processes.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const GUIDE = journeyBlocks(readFileSync(join(ROOT, 'docs/getting-started.md'), 'utf8'));

/** The guide's block called `name`; the test fails if the guide lost it. */
function fromGuide(name: string): string {
  const block = GUIDE.get(name);
  if (block === undefined) throw new Error(`docs/getting-started.md has no <!-- journey: ${name} --> block`);
  return block;
}

/** Runs a shell line in `cwd` as a customer's terminal would. */
async function shell(line: string, cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await promisify(execFile)('bash', ['-c', line], {
    cwd,
    env: { ...customerShell(), ...env },
    encoding: 'utf8',
  });
  return stdout;
}

describe('the newcomer journey (docs/getting-started.md, outside the workspace)', () => {
  const trial = mkdtempSync(join(tmpdir(), 'ones-trial-'));
  const app = mkdtempSync(join(tmpdir(), 'ones-newcomer-app-'));
  let idp: RunningProgram;
  let idpUrl: string;
  let approvalUrl: string;
  let browser: Browser;

  let journeyStarted = 0;
  let printedForNode20 = '';

  beforeAll(async () => {
    const printed = await shell(`node ${join(ROOT, 'scripts/pack-for-trial.mjs')} --out ${trial}`, ROOT);
    printedForNode20 = await shell(`node ${join(ROOT, 'scripts/pack-for-trial.mjs')} --out ${trial}`, ROOT, {
      ONES_MACHINE_NODE: 'v20.20.2',
    });
    journeyStarted = Date.now();
    expect(printed).toContain(`npm install '${join(trial, 'ones.dev-common.tgz')}'`);
    // the app: an empty folder, then the guide's lines, with the trial folder where it is here
    for (const line of fromGuide('init').trim().split('\n')) await shell(line, app);
    for (const line of fromGuide('install').trim().split('\n'))
      await shell(`${line.replaceAll('../ones-sdk/trial/', `${trial}/`)} --no-audit --no-fund`, app);
    for (const file of ['first-login.ts', 'server.ts', 'index.html'])
      writeFileSync(join(app, file), fromGuide(file));
    await shell(fromGuide('secret'), app);
    // step 2, on ports of its own (0: any free port), through the CLI the package installs
    idp = start('npx', ['ones-dev-idp', '--folder', '.ones-dev', '--port', '0', '--signer-port', '0'], app);
    [, idpUrl = ''] = await idp.waitFor(/OnesID dev IdP\s+(\S+)/);
    [, approvalUrl = ''] = await idp.waitFor(/approval page\s+(\S+)/);
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await stopAll();
    rmSync(trial, { recursive: true, force: true });
    rmSync(app, { recursive: true, force: true });
  });

  it('installed the trial tarballs by name, with their workspace ranges made versions', () => {
    const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    expect(manifest.dependencies['@ones.dev/backend-modules']).toMatch(
      /^file:.*ones\.dev-backend-modules\.tgz$/,
    );
    expect(manifest.devDependencies['@ones.dev/dev-idp']).toMatch(/^file:.*ones\.dev-dev-idp\.tgz$/);
    const installed = JSON.parse(
      readFileSync(join(app, 'node_modules/@ones.dev/backend-modules/package.json'), 'utf8'),
    );
    expect(installed.dependencies['@ones.dev/common']).not.toMatch(/workspace/);
    expect(new URL(idpUrl).port).not.toBe('4000');
    expect(readFileSync(join(app, '.env'), 'utf8')).toMatch(/^ONES_COOKIE_SECRET=[A-Za-z0-9+/]{43}=\n$/);
    expect(readFileSync(join(app, '.ones-dev/device.yml'), 'utf8')).toMatch(
      /device_identity_url: http:\/\/127\.0\.0\.1:(?!8000)\d+\/sign/,
    );
  });

  it('step 3: the first login, approved on the approval page it names', async () => {
    const login = start('node', ['first-login.ts'], app);
    const [, code = '', page = ''] = await login.waitFor(/Approve the login with code (\S+) on (\S+)/);
    expect(page).toBe(approvalUrl);
    const phone = await browser.newPage();
    await phone.goto(page);
    expect(await phone.content()).toContain(code);
    await phone.getByRole('button', { name: 'Approve login for alice' }).click();
    await login.waitFor(/Hello Alice Example \(user-alice\)/);
    expect(await login.exited()).toBe(0);
    await phone.close();
  });

  it("step 4: the login box logs Alice in through the kit; the shop's own routes refuse what they should", async () => {
    const port = await freePort();
    const run = fromGuide('run').trim();
    const server = start('bash', ['-c', run], app, { PORT: String(port) });
    await server.waitFor(new RegExp(`My Shop on http://127\\.0\\.0\\.1:${port}`));

    const shop = await browser.newPage();
    await shop.goto(`http://127.0.0.1:${port}/`);
    const widget = shop.locator('ones-login');
    await widget.getByRole('textbox', { name: 'Username' }).fill('alice');
    await widget.getByRole('textbox', { name: 'Username' }).press('Enter');
    const code = await widget.locator('[part=code]').textContent();
    expect(code).toMatch(/\S/);

    const phone = await browser.newPage();
    await phone.goto(approvalUrl);
    expect(await phone.content()).toContain(code ?? '');
    await phone.getByRole('button', { name: 'Approve login for alice' }).click();

    await expect
      .poll(() => shop.locator('#welcome').textContent(), { timeout: 15_000 })
      .toBe('Welcome, Alice Example!');
    const cookies = await shop.context().cookies();
    expect(cookies.some((cookie) => cookie.httpOnly)).toBe(true);
    const me = await shop.evaluate(async () => (await fetch('/api/me?fresh=1')).status);
    expect(me).toBe(200);
    console.info(
      `newcomer journey: a first browser login ${Math.round((Date.now() - journeyStarted) / 1000)} s after the trial's tarballs (install, dev-idp, both steps), on Node ${process.version}`,
    );
    // a reload keeps her logged in; the widget's Sign out ends the session at the kit
    await shop.reload();
    await expect
      .poll(() => shop.locator('#welcome').textContent(), { timeout: 15_000 })
      .toBe('Welcome, Alice Example!');
    await widget.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => shop.locator('#welcome').textContent(), { timeout: 10_000 }).toBe('');
    expect(await shop.evaluate(async () => (await fetch('/api/me?after=logout')).status)).toBe(401);
    expect(await widget.getByRole('textbox', { name: 'Username' }).isVisible()).toBe(true);
    // the guide's own routes: no session is a 401, another method a 405; a cross-site POST to the kit a 403
    const shopUrl = `http://127.0.0.1:${port}`;
    expect((await fetch(`${shopUrl}/api/me`)).status).toBe(401);
    expect((await fetch(`${shopUrl}/`, { method: 'POST' })).status).toBe(405);
    const crossSite = await fetch(`${shopUrl}/api/auth/oidc/bc-authorize`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ userIdentifier: 'alice' }),
    });
    expect(crossSite.status).toBe(403);
    await phone.close();
  });

  it('on Node 20 the trial names the Node to use instead, and the first login runs on it', async () => {
    const older = '/usr/bin/node';
    const version = await shell(`${older} --version`, app).catch(() => '');
    // this machine's own Node (CI's is 20): the guide's files do not run on it as they are
    if (/^v20\./.test(version)) {
      const refused = await shell(`${older} first-login.ts`, app).then(
        () => '',
        (error: { stderr?: string }) => String(error.stderr),
      );
      expect(refused).toContain('ERR_UNKNOWN_FILE_EXTENSION');
    }
    const advice = /export PATH="([^"]+):\$PATH"/.exec(printedForNode20)?.[1];
    expect(printedForNode20).toContain("Your Node is v20.20.2; the guide's files are TypeScript");
    expect(advice).toBe(join(ROOT, '.tools', 'bin'));
    const login = start(
      'bash',
      ['-c', `export PATH="${advice}:$PATH"; node --version; node first-login.ts`],
      app,
    );
    const [, code = '', page = ''] = await login.waitFor(/Approve the login with code (\S+) on (\S+)/);
    expect(login.output()).toMatch(/^v2[2-9]\.|^v[3-9]\d\./m);
    const phone = await browser.newPage();
    await phone.goto(page);
    await phone
      .locator(`li.login:has([data-login-code="${code}"])`)
      .getByRole('button', { name: 'Approve login for alice' })
      .click();
    await login.waitFor(/Hello Alice Example \(user-alice\)/);
    expect(await login.exited()).toBe(0);
    await phone.close();
  });
});
