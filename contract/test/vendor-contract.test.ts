import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { buildQrCodeContent, type OnesError } from '@ones.dev/common';
import { type DevIdp, startDevIdp } from '@ones.dev/dev-idp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as asStrictTypeScriptCompilesIt from '../src/vendor-backend.ts';
import {
  qrCodeContentOf,
  qrSessionInTheBrowser,
  qrStatusInTheBrowser,
  startLoginInTheBrowser,
  tokensInTheBrowser,
} from '../src/vendor-browser.ts';

// The vendor's documented calls (contract/src), run against dev-idp twice: the source as strict
// TypeScript compiles it (an ES module), and the CommonJS that NestJS's default tsconfig makes of it
// (dist/, which loads the SDK's CommonJS build). The vendor's NestJS handlers run in a NestJS app
// from that build, and the vendor's browser calls go to them.
const here = resolve(import.meta.dirname, '..');
const RESOURCE = 'https://example.com'; // the vendor's `resources`
type VendorBackend = typeof asStrictTypeScriptCompilesIt;

let idp: DevIdp;
let nest: ChildProcess;
let host: string;
let nestLog = '';
let asNestCompilesIt: VendorBackend;

/** What a call rejected with; fails the test if it resolved. */
async function rejectionOf(promise: Promise<unknown>): Promise<OnesError & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as OnesError & Record<string, unknown>;
  }
  throw new Error('expected the call to reject, but it resolved');
}

/** A NestJS `HttpException`'s status and body, without depending on which copy of @nestjs/common threw it. */
function httpException(error: unknown): { status: number; body: unknown } {
  const exception = error as { getStatus(): number; getResponse(): unknown };
  return { status: exception.getStatus(), body: exception.getResponse() };
}

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

describe.each([
  ['strict TypeScript, as an ES module', () => asStrictTypeScriptCompilesIt],
  ["NestJS's default tsconfig, as CommonJS", () => asNestCompilesIt],
])('the vendor backend calls, compiled with %s', (_build, vendor) => {
  const connect = () => vendor().vendorDeviceAuthentication(idp.device.configPath, idp.signer.url);

  it('§2.0: device.yml read synchronously, the constructor without deviceKeyType on an ECC device, token, introspection', async () => {
    expect(idp.device.keyType).toBe('ECC:p256');
    const { deviceJwt, access_token, expires_in, token_type, active, sub, more } =
      await vendor().deviceTokenCalls(connect());
    const header = JSON.parse(Buffer.from(deviceJwt.split('.')[0] ?? '', 'base64url').toString());
    expect(header.alg).toBe('ES256');
    expect(token_type).toBe('Bearer');
    expect(access_token).toEqual(expect.any(String));
    expect(expires_in).toBeGreaterThan(0);
    expect(expires_in).toBeLessThanOrEqual(600);
    // a client_credentials token has no user: no `sub`, and the device's `client_id`
    expect({ active, sub, client_id: more.client_id }).toEqual({
      active: true,
      sub: undefined,
      client_id: idp.device.clientId,
    });
    expect(() => vendor().vendorDeviceAuthentication(undefined, idp.signer.url)).toThrow(
      '/etc/px-device-identity/device.yml: the file does not exist',
    );
  });

  it('§3: a CIBA login — 400 while pending, tokens once approved, validateJwt(access_token), refresh', async () => {
    const auth = connect();
    const { auth_req_id, experies_in, interval } = await vendor().startCibaLogin(auth, undefined, 'alice');
    expect(experies_in).toBeGreaterThan(0);
    expect(interval).toBe(1);
    expect(idp.pendingLogins().find((login) => login.authReqId === auth_req_id)).toMatchObject({
      bindingMessage: 'Authorize login to Example.com',
      user: { username: 'alice' },
    });
    const pending = httpException(await rejectionOf(vendor().checkCibaLogin(auth, auth_req_id)));
    expect(pending).toMatchObject({ status: 400, body: { error: 'authorization_pending' } });

    await idp.approveLogin(auth_req_id);
    const tokens = await vendor().checkCibaLogin(auth, auth_req_id);
    expect(tokens).toMatchObject({ token_type: 'Bearer', refresh_token: expect.any(String) });
    const { sub, iss, aud, exp, iat } = await vendor().validateAccessToken(auth, tokens.access_token);
    expect({ sub, iss, aud }).toEqual({ sub: 'user-alice', iss: idp.issuer, aud: RESOURCE });
    expect(exp).toBeGreaterThan(iat);

    const refreshed = await vendor().refreshFromBody(auth, { refresh_token: tokens.refresh_token ?? '' });
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    // a used auth_req_id is a 400 too, which the vendor's handling passes on as a BadRequestException
    expect(httpException(await rejectionOf(vendor().checkCibaLogin(auth, 'never-issued'))).status).toBe(400);
  });

  it('§4: a QR login — make, poll by id, scan, authRequestId, approve; a finished session is a 404 error', async () => {
    const auth = connect();
    const { session, expIn } = await vendor().makeQrLogin(auth);
    expect(Object.keys(session).sort()).toEqual(['cbUrl', 'exp', 'interval', 'sessionId']);
    expect(expIn).toBeGreaterThan(0);
    expect(await vendor().pollQrLogin(auth, session.sessionId)).toEqual({
      sessionId: session.sessionId,
      exp: session.exp,
      authRequestId: undefined,
    });
    idp.scanQrSession(session.sessionId, 'bob');
    const { authRequestId } = await vendor().pollQrLogin(auth, session.sessionId);
    expect(authRequestId).toEqual(expect.any(String));
    await idp.approveLogin(authRequestId);
    await expect(vendor().checkCibaLogin(auth, authRequestId ?? '')).resolves.toMatchObject({
      token_type: 'Bearer',
    });
    const gone = await rejectionOf(vendor().pollQrLogin(auth, session.sessionId));
    expect(gone.code).toBe('ERR_QR_SESSION_NOT_FOUND');
    expect(gone.response).toMatchObject({ status: 404 });
  });

  it('§5: a consent request for email and phone number, approved on the phone', async () => {
    const auth = connect();
    const alice = idp.users.find((user) => user.username === 'alice');
    const request = await vendor().requestEmailAndPhone(auth, alice?.sub ?? '');
    expect(request.status).toBe('pending');
    expect(vendor().emailOnly).toBe('email');
    idp.approveConsent(request.id);
    const { status, content } = await vendor().consentDecision(auth, request);
    expect(status).toBe('approved');
    expect(content.map(({ name }) => name).sort()).toEqual(['email', 'phoneNumber']);
    expect(content.every(({ value }) => typeof value === 'string' && value !== '')).toBe(true);
  });
});

describe("the vendor's browser calls against its NestJS handlers (NestJS's CommonJS build)", () => {
  it('§3.1.1 + §3.2.1 with §3.1.2 + §3.2.2: a login by username', async () => {
    const { auth_req_id, expires_in, interval } = await startLoginInTheBrowser(host, 'alice');
    expect(expires_in).toBeGreaterThan(0);
    expect(interval).toBe(1);
    const pending = await rejectionOf(tokensInTheBrowser(host, auth_req_id));
    expect(pending.code).toBe('ERR_OAUTH_AUTHORIZATION_PENDING');
    expect(pending.response).toMatchObject({ status: 400, data: { error: 'authorization_pending' } });
    await idp.approveLogin(auth_req_id);
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
    idp.scanQrSession(session.sessionId, 'bob');
    const { authRequestId } = await qrStatusInTheBrowser(host, session.sessionId);
    expect(authRequestId).toEqual(expect.any(String));
    await idp.approveLogin(authRequestId);
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
