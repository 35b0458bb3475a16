import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import {
  checkCibaStatusClient,
  makeCibaRequestClient,
  makeQrSessionClientV2,
  qrSessionStatusClientV2,
  waitForCibaTokensClient,
  waitForQrAuthRequestClient,
} from '@ones.dev/common';
import { type DevIdp, startDevIdp } from '@ones.dev/dev-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browser, rejectionOf } from '../../test-support/browser.ts';

// The NestJS example compiled to CommonJS by tsc and run by plain `node dist/main.js`: it loads the
// SDK's CommonJS build. The browser helpers drive it; dev-idp is the IdP.
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
  nest = spawn(process.execPath, ['dist/main.js'], {
    cwd: here,
    env: {
      ...process.env,
      ONES_DEVICE_YML: idp.device.configPath,
      ONES_SIGNER_URL: idp.signer.url,
      PORT: '0',
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
  it('resolves the SDK to its CommonJS build', () => {
    const requireFromExample = createRequire(resolve(here, 'dist/main.js'));
    expect(requireFromExample.resolve('@ones.dev/backend-modules')).toMatch(/index\.cjs$/);
    expect(requireFromExample.resolve('@ones.dev/common')).toMatch(/index\.cjs$/);
  });

  it('CIBA: 400 with authorization_pending while pending (the vendor contract), tokens after approval', async () => {
    const alice = browser();
    const login = await makeCibaRequestClient(host, 'alice', { fetch: alice });
    const pending = await rejectionOf(checkCibaStatusClient(host, login.auth_req_id, { fetch: alice }));
    expect(pending.code).toBe('ERR_OAUTH_AUTHORIZATION_PENDING');
    expect(pending.response).toMatchObject({ status: 400, data: { error: 'authorization_pending' } });
    expect((await idp.waitForLogin()).bindingMessage).toBe('Log in to Nest Shop');
    await idp.approveLogin({ authReqId: login.auth_req_id });
    const tokens = await waitForCibaTokensClient(host, login, { fetch: alice });
    expect(tokens).toMatchObject({ token_type: 'Bearer', id_token: expect.any(String) });
  });

  it('QR: 404 for strangers and after approval; scan → authRequestId → tokens', async () => {
    const desktop = browser();
    const session = await makeQrSessionClientV2(host, { fetch: desktop });
    expect(
      (await rejectionOf(qrSessionStatusClientV2(host, session.sessionId, { fetch: browser() }))).code,
    ).toBe('ERR_QR_SESSION_NOT_FOUND');
    idp.scanQrSession({ sessionId: session.sessionId, username: 'bob' });
    const scanned = await waitForQrAuthRequestClient(host, session, { fetch: desktop });
    await idp.approveLogin({ authReqId: scanned.authRequestId });
    await waitForCibaTokensClient(
      host,
      { auth_req_id: scanned.authRequestId, expires_in: 60, interval: 1 },
      { fetch: desktop },
    );
    expect(
      (await rejectionOf(qrSessionStatusClientV2(host, session.sessionId, { fetch: desktop }))).code,
    ).toBe('ERR_QR_SESSION_NOT_FOUND');
  });
});
