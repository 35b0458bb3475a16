import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DevDevice, enrolDevice } from '../device/enrol-device.js';
import { type DevDeviceSigner, startDeviceSigner } from './start-device-signer.js';

// The signer over real loopback HTTP, with the Host and content type a test picks (fetch cannot set
// Host).
let folder: string;
let device: DevDevice;
let signer: DevDeviceSigner;
let port: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'dev-idp-signer-'));
  device = await enrolDevice(folder, 'http://127.0.0.1:4000', 'ECC:p256');
  signer = await startDeviceSigner(device, 0);
  port = new URL(signer.url).port;
});
afterAll(async () => {
  await signer.stop();
  await rm(folder, { recursive: true });
});

interface SignerAnswer {
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Record<string, unknown>;
}

/** `POST /sign` with `body`, as `host` and `contentType` say; the status and the JSON answer. */
function postSign(options: { host?: string; contentType?: string; body: string }): Promise<SignerAnswer> {
  return new Promise((resolve, reject) => {
    const headers = {
      host: options.host ?? `127.0.0.1:${port}`,
      ...(options.contentType === undefined ? {} : { 'content-type': options.contentType }),
    };
    const sent = request(signer.url, { method: 'POST', headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
      });
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          contentType: response.headers['content-type'],
          body: JSON.parse(text) as Record<string, unknown>,
        }),
      );
    });
    sent.on('error', reject);
    sent.end(options.body);
  });
}

const signBody = (fields: Record<string, unknown> = {}) =>
  JSON.stringify({ deviceId: device.deviceId, message: 'header.payload', ...fields });

describe('the signer answers only its own Host', () => {
  it.each(['127.0.0.1', 'localhost'])('signs for Host %s:<its port>', async (name) => {
    const answer = await postSign({
      host: `${name}:${port}`,
      contentType: 'application/json',
      body: signBody(),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.signature).toMatch(/^[A-Za-z0-9_-]{86}$/); // 64 bytes, raw ES256
  });

  // `{port}` stands for the signer's port
  it.each(['evil.example', 'evil.example:{port}', '127.0.0.1:1'])(
    'refuses Host %s (DNS rebinding) with 421 and signs nothing',
    async (host) => {
      const before = signer.signatures;
      const answer = await postSign({
        host: host.replace('{port}', port),
        contentType: 'application/json',
        body: signBody(),
      });
      expect(answer.status).toBe(421);
      expect(answer.contentType).toBe('application/json; charset=utf-8');
      expect(answer.body).toEqual({
        error: 'misdirected_request',
        error_description: `the signer answers only Host 127.0.0.1:${port} or localhost:${port}`,
      });
      expect(signer.signatures).toBe(before);
    },
  );
});

describe('the signer reads only JSON', () => {
  it.each(['application/json; charset=utf-8', 'Application/JSON'])(
    'signs a body sent as %s',
    async (contentType) => {
      const answer = await postSign({ contentType, body: signBody() });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ signature: expect.any(String) });
    },
  );

  it.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['multipart', 'multipart/form-data; boundary=x'],
    ['no content type', undefined],
  ])('refuses a body sent as %s with 415 and signs nothing', async (_, contentType) => {
    const before = signer.signatures;
    const answer = await postSign({ ...(contentType ? { contentType } : {}), body: signBody() });
    expect(answer.status).toBe(415);
    expect(answer.body).toEqual({
      error: 'unsupported_media_type',
      error_description: 'send the body as application/json',
    });
    expect(signer.signatures).toBe(before);
  });
});

describe('the signer says what is wrong with a request', () => {
  it('an unknown deviceId gets 400 unknown_device, pointing at device.yml', async () => {
    const answer = await postSign({
      contentType: 'application/json',
      body: signBody({ deviceId: 'some-other-device' }),
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: 'unknown_device',
      error_description: `"deviceId" is not the device this signer holds: use the id in ${device.configPath}`,
    });
  });

  it('a body that is not JSON gets 400 invalid_request', async () => {
    const answer = await postSign({ contentType: 'application/json', body: 'deviceId=x&message=y' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: 'invalid_request',
      error_description: 'the body must be a JSON object { deviceId, message }',
    });
  });

  it.each([
    ['a missing deviceId', { deviceId: undefined }, '"deviceId" must be a string'],
    ['a missing message', { message: undefined }, '"message" must be a string'],
    ['a message that is not a string', { message: 1 }, '"message" must be a string'],
  ])('%s gets 400 invalid_request naming the field', async (_, fields, description) => {
    const answer = await postSign({ contentType: 'application/json', body: signBody(fields) });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ error: 'invalid_request', error_description: description });
  });
});
