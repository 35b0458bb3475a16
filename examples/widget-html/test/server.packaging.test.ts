import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { logInWithUsernameClient } from '@ones.dev/common';
import { type DevIdp, startDevIdp } from '@ones.dev/dev-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser } from '../../test-support/browser.ts';
import { freePort } from '../../test-support/free-port.ts';
import { TEST_COOKIE_SECRET } from '../../test-support/shop-login.ts';

// The example's own server as it ships (`node src/server.ts`), serving the widget's one-file build
// from the built package (`@ones.dev/common/widget/standalone`), against dev-idp.
let idp: DevIdp;
let server: ChildProcess;
let host: string;

beforeAll(async () => {
  idp = await startDevIdp({ cibaIntervalSeconds: 1 });
  const port = await freePort();
  host = `http://127.0.0.1:${port}`;
  server = spawn(process.execPath, ['src/server.ts'], {
    cwd: resolve(import.meta.dirname, '..'),
    env: {
      ...process.env,
      PORT: String(port),
      ONES_DEVICE_YML: idp.device.configPath,
      ONES_SIGNER_URL: idp.signer.url,
      ONES_COOKIE_SECRET: TEST_COOKIE_SECRET,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    server.stdout?.on(
      'data',
      (chunk: Buffer) => /Shop with the OnesID widget on/.test(String(chunk)) && ready(),
    );
    server.once('exit', (code) => fail(new Error(`node src/server.ts exited with ${code}`)));
  });
}, 60_000);

afterAll(async () => {
  server?.kill();
  await idp?.stop();
});

describe('examples/widget-html: node src/server.ts', () => {
  it('serves the page with its one script, and that script is the built widget', async () => {
    const page = await fetch(`${host}/`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html.match(/<script type="module" src="([^"]+)"/)?.[1]).toBe('/assets/ones-login.js');
    const script = await fetch(`${host}/assets/ones-login.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toMatch(/customElements\.define\("ones-login"/);
    expect((await fetch(`${host}/../package.json`)).status).toBe(404);
    expect((await fetch(`${host}/`, { method: 'POST' })).status).toBe(405);
  });

  it('serves the login kit: a login by username completes', async () => {
    const alice = browser();
    const loggingIn = logInWithUsernameClient(host, 'alice', { fetch: alice });
    const prompt = await idp.waitForLogin((login) => login.user.username === 'alice');
    await idp.approveLogin({ authReqId: prompt.authReqId });
    await expect(loggingIn).resolves.toMatchObject({ user: { sub: 'user-alice' } });
  });
});
