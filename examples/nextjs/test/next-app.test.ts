import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
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

// The Next.js example as it ships: `next build`, then `next start`, against dev-idp. The App Router
// route handler hands every /api/auth/* request to the login kit.
const here = resolve(import.meta.dirname, '..');
const next = resolve(here, 'node_modules/.bin/next');
let idp: DevIdp;
let server: ChildProcess;
let host: string;

beforeAll(async () => {
  execFileSync(next, ['build'], {
    cwd: here,
    stdio: 'ignore',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  idp = await startDevIdp({ cibaIntervalSeconds: 1 });
  const port = await freePort();
  host = `http://127.0.0.1:${port}`;
  server = spawn(next, ['start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: here,
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: '1',
      ONES_DEVICE_YML: idp.device.configPath,
      ONES_SIGNER_URL: idp.signer.url,
      ONES_COOKIE_SECRET: TEST_COOKIE_SECRET,
      ORIGIN: host,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((ready, fail) => {
    server.stdout?.on('data', (chunk: Buffer) => {
      if (/Ready in/.test(chunk.toString())) ready();
    });
    server.once('exit', (code) => fail(new Error(`next start exited with ${code}`)));
  });
}, 120_000);

afterAll(async () => {
  server?.kill();
  await idp?.stop();
});

describe('the Next.js example (App Router route handler)', () => {
  it('logs in by username; the app route sees the user; logout ends it', async () => {
    const alice = browser();
    expect((await alice(`${host}/api/me`)).status).toBe(401);
    const loggingIn = logInWithUsernameClient(host, 'alice', { fetch: alice });
    const prompt = await idp.waitForLogin((login) => login.user.username === 'alice');
    expect(prompt.bindingMessage).toBe('Log in to Next Shop');
    await idp.approveLogin({ authReqId: prompt.authReqId });
    await expect(loggingIn).resolves.toMatchObject({ user: { sub: 'user-alice' } });
    expect(await (await alice(`${host}/api/me`)).json()).toMatchObject({ user: { sub: 'user-alice' } });
    await logOutClient(host, { fetch: alice });
    await expect(getSessionClient(host, { fetch: alice })).resolves.toBeNull();
  });

  it('logs in by QR code; an X-Forwarded-For the client made up never reaches the IdP', async () => {
    const desktop = browser((request) => {
      request.headers.set('x-forwarded-for', '6.6.6.6');
      return fetch(request);
    });
    const loggingIn = logInWithQrCodeClient(host, {
      fetch: desktop,
      onQrCode: ({ content }) => {
        const { sessionId } = JSON.parse(content) as { sessionId: string };
        // no proxy in front of `next start` here: no trustworthy address, so no originIp at all
        expect(idp.qrSessions().find((session) => session.sessionId === sessionId)?.originIp).toBeUndefined();
        idp.scanQrSession({ sessionId, username: 'bob' });
      },
    });
    await idp.approveLogin({
      authReqId: (await idp.waitForLogin((login) => login.user.username === 'bob')).authReqId,
    });
    await expect(loggingIn).resolves.toMatchObject({ user: { sub: 'user-bob' } });
  });

  it('refuses a cross-site form post (403) and a huge body (413)', async () => {
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${host}/api/auth/oidc/bc-authorize`, { method: 'POST', headers, body });
    const form = await post(
      { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      'a=b',
    );
    const huge = await post(
      { origin: host, 'content-type': 'application/json' },
      JSON.stringify({ userIdentifier: 'a'.repeat(1_000_000) }),
    );
    expect([form.status, huge.status]).toEqual([403, 413]);
  });
});
