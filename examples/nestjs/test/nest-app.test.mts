import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import {
  getSessionClient,
  logInWithQrCodeClient,
  logInWithUsernameClient,
  logOutClient,
} from '@ones.dev/common';
import { type DevIdp, startDevIdp } from '@ones.dev/dev-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser } from '../../test-support/browser.ts';
import { freePort } from '../../test-support/free-port.ts';
import { TEST_COOKIE_SECRET } from '../../test-support/shop-login.ts';

// The NestJS example compiled to CommonJS by tsc and run by plain `node dist/main.js`: it loads the
// SDK's CommonJS build, the login kit included. The session-mode browser helpers drive it; dev-idp
// is the IdP.
const here = resolve(import.meta.dirname, '..');
let idp: DevIdp;
let nest: ChildProcess;
let host: string;

beforeAll(async () => {
  execFileSync(resolve(here, '../../node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json'], {
    cwd: here,
    stdio: 'inherit',
  });
  idp = await startDevIdp({ cibaIntervalSeconds: 1 });
  // The kit needs the page origin up front, so the app gets a port that is free now.
  const port = await freePort();
  nest = spawn(process.execPath, ['dist/main.js'], {
    cwd: here,
    env: {
      ...process.env,
      ONES_DEVICE_YML: idp.device.configPath,
      ONES_SIGNER_URL: idp.signer.url,
      PORT: String(port),
      ONES_COOKIE_SECRET: TEST_COOKIE_SECRET,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  host = await new Promise<string>((ready, fail) => {
    nest.stdout?.on('data', (chunk: Buffer) => {
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString());
      if (found?.[1]) ready(found[1]);
    });
    nest.once('exit', (code) => fail(new Error(`the Nest app exited with ${code}`)));
  });
}, 60_000);

afterAll(async () => {
  nest?.kill();
  await idp?.stop();
});

describe('the NestJS example (CommonJS)', () => {
  it('resolves the SDK and its login kit to their CommonJS builds', () => {
    const requireFromExample = createRequire(resolve(here, 'dist/main.js'));
    expect(requireFromExample.resolve('@ones.dev/backend-modules')).toMatch(/index\.cjs$/);
    expect(requireFromExample.resolve('@ones.dev/backend-modules/login')).toMatch(/login\.cjs$/);
    expect(requireFromExample.resolve('@ones.dev/common')).toMatch(/index\.cjs$/);
  });

  it('logs in by username through app.use(login.node); the Nest controller sees the user; logout ends it', async () => {
    const alice = browser();
    expect((await alice(`${host}/api/me`)).status).toBe(401);
    const loggingIn = logInWithUsernameClient(host, 'alice', { fetch: alice });
    const prompt = await idp.waitForLogin((login) => login.user.username === 'alice');
    expect(prompt.bindingMessage).toBe('Log in to Nest Shop');
    await idp.approveLogin({ authReqId: prompt.authReqId });
    await expect(loggingIn).resolves.toMatchObject({ user: { sub: 'user-alice' } });
    expect(await (await alice(`${host}/api/me`)).json()).toMatchObject({ user: { sub: 'user-alice' } });
    await logOutClient(host, { fetch: alice });
    await expect(getSessionClient(host, { fetch: alice })).resolves.toBeNull();
    expect((await alice(`${host}/api/me`)).status).toBe(401);
  });

  it('logs in by QR code', async () => {
    const desktop = browser();
    const loggingIn = logInWithQrCodeClient(host, {
      fetch: desktop,
      onQrCode: ({ content }) =>
        idp.scanQrSession({
          sessionId: (JSON.parse(content) as { sessionId: string }).sessionId,
          username: 'bob',
        }),
    });
    await idp.approveLogin({
      authReqId: (await idp.waitForLogin((login) => login.user.username === 'bob')).authReqId,
    });
    await expect(loggingIn).resolves.toMatchObject({ user: { sub: 'user-bob' } });
  });

  it('refuses a cross-site form post (403) and a huge body (413) ahead of Nest', async () => {
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${host}/api/auth/oidc/bc-authorize`, { method: 'POST', headers, body });
    const form = await post(
      { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      'userIdentifier=alice',
    );
    const huge = await post(
      { origin: host, 'content-type': 'application/json' },
      JSON.stringify({ userIdentifier: 'a'.repeat(500_000) }),
    );
    expect([form.status, huge.status]).toEqual([403, 413]);
  });
});
