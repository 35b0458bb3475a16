import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { buildQrCodeContent } from '@ones.dev/common';
import { type DevIdp, startDevIdp } from '@ones.dev/dev-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as VendorBackend from '../src/vendor-backend.ts';
import {
  qrCodeContentOf,
  qrSessionInTheBrowser,
  qrStatusInTheBrowser,
  startLoginInTheBrowser,
  tokensInTheBrowser,
} from '../src/vendor-browser.ts';
import { describeVendorBackendCalls, RESOURCE, rejectionOf } from './vendor-backend-calls.ts';

// The vendor's documented calls as NestJS's default tsconfig compiles them (CommonJS, in dist/, on
// the SDK's CommonJS build): the backend calls against dev-idp, and the vendor's NestJS handlers in
// a NestJS app that the vendor's browser calls go to.
const here = resolve(import.meta.dirname, '..');

let idp: DevIdp;
let nest: ChildProcess;
let host: string;
let nestLog = '';
let asNestCompilesIt: typeof VendorBackend;

beforeAll(async () => {
  execFileSync(resolve(here, '../node_modules/.bin/tsc'), ['-p', 'tsconfig.nest.json'], {
    cwd: here,
    stdio: 'inherit',
  });
  asNestCompilesIt = createRequire(import.meta.url)(resolve(here, 'dist/vendor-backend.js'));
  idp = await startDevIdp({ cibaIntervalSeconds: 1, resources: [RESOURCE] });
  nest = spawn(process.execPath, ['dist/main.js'], {
    cwd: here,
    env: { ...process.env, ONES_DEVICE_YML: idp.device.configPath, ONES_SIGNER_URL: idp.signer.url },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  nest.stderr?.on('data', (chunk: Buffer) => {
    nestLog += chunk.toString();
  });
  host = await new Promise<string>((ready, fail) => {
    nest.stdout?.on('data', (chunk: Buffer) => {
      const found = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(chunk.toString());
      if (found?.[1]) ready(found[1]);
    });
    nest.once('exit', (code) => fail(new Error(`the NestJS app exited with ${code}: ${nestLog}`)));
  });
}, 90_000);

afterAll(async () => {
  nest?.kill();
  await idp?.stop();
});

describeVendorBackendCalls(
  "NestJS's default tsconfig, as CommonJS",
  () => asNestCompilesIt,
  () => idp,
);

describe("the vendor's browser calls against its NestJS handlers (NestJS's CommonJS build)", () => {
  it('§3.1.1 + §3.2.1 with §3.1.2 + §3.2.2: a login by username', async () => {
    const { auth_req_id, expires_in, interval } = await startLoginInTheBrowser(host, 'alice');
    expect(expires_in).toBeGreaterThan(0);
    expect(interval).toBe(1);
    const pending = await rejectionOf(tokensInTheBrowser(host, auth_req_id));
    expect(pending.code).toBe('ERR_OAUTH_AUTHORIZATION_PENDING');
    expect(pending.response).toMatchObject({ status: 400, data: { error: 'authorization_pending' } });
    await idp.approveLogin({ authReqId: auth_req_id });
    const tokens = await tokensInTheBrowser(host, auth_req_id);
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: expect.any(Number) });
    expect(tokens.id_token).toEqual(expect.any(String));
  });

  it('§4.1.1 + §4.4.1 with §4.1.2 + §4.2 + §4.4.2: a login by QR code', async () => {
    const session = await qrSessionInTheBrowser(host);
    expect(session.expIn).toBeGreaterThan(0);
    const content = JSON.parse(buildQrCodeContent(qrCodeContentOf(session)));
    expect(content).toEqual({ cbUrl: session.cbUrl, sessionId: session.sessionId });
    expect(await qrStatusInTheBrowser(host, session.sessionId)).toEqual({ authRequestId: undefined });
    idp.scanQrSession({ sessionId: session.sessionId, username: 'bob' });
    const { authRequestId } = await qrStatusInTheBrowser(host, session.sessionId);
    expect(authRequestId).toEqual(expect.any(String));
    await idp.approveLogin({ authReqId: authRequestId });
    await expect(tokensInTheBrowser(host, authRequestId ?? '')).resolves.toMatchObject({
      token_type: 'Bearer',
    });
    const gone = await rejectionOf(qrStatusInTheBrowser(host, session.sessionId));
    expect(gone.code).toBe('ERR_QR_SESSION_NOT_FOUND');
  });

  it("the vendor's handler logs every error it catches: no token or assertion is in that log", () => {
    expect(nestLog).toContain('authorization_pending'); // it did log
    expect(nestLog).not.toMatch(/eyJ[\w-]+\.[\w-]+/); // no JWT: no assertion, no ID or access token
    expect(nestLog).not.toMatch(/bearer /i);
  });
});
