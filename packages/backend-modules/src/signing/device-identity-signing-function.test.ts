import { OnesAbortError, OnesSignerError, OnesValidationError } from '@ones.dev/common';
import {
  createFakeDeviceSigner,
  createTestDevice,
  type FakeDeviceSigner,
  type TestDevice,
  type TestDeviceKeyType,
} from '@ones.dev/testing';
import { compactVerify, importJWK } from 'jose';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf } from '../../test/support/idp-fixture.js';
import {
  createDeviceIdentitySigningFunction,
  deviceIdentitySigningFunction,
} from './device-identity-signing-function.js';
import { toJoseSignature } from './ecdsa-signature.js';
import { DEFAULT_DEVICE_IDENTITY_URL } from './signer-answer.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }));
afterAll(() => server.close());

const part = (json: string) => Buffer.from(json).toString('base64url');
const messageFor = (alg: string) => `${part(JSON.stringify({ alg }))}.${part('{"iss":"c"}')}`;
const MESSAGE = messageFor('ES256');

async function signerFor(
  keyType: TestDeviceKeyType,
  encoding: 'raw' | 'der' = 'raw',
): Promise<{ device: TestDevice; signer: FakeDeviceSigner }> {
  const device = await createTestDevice({ keyType });
  const signer = createFakeDeviceSigner({ device, encoding });
  server.resetHandlers(...signer.handlers);
  return { device, signer };
}

function signWith(device: TestDevice, sign = deviceIdentitySigningFunction, signal?: AbortSignal) {
  return sign({
    message: messageFor(device.alg),
    alg: device.alg,
    deviceId: device.deviceId,
    deviceIdentityUrl: DEFAULT_DEVICE_IDENTITY_URL,
    ...(signal ? { signal } : {}),
  });
}

describe('deviceIdentitySigningFunction', () => {
  it.each([
    ['RSA:2048', 'raw'],
    ['ECC:p256', 'raw'],
    ['ECC:p256', 'der'],
    ['ECC:p384', 'der'],
    ['ECC:p521', 'raw'],
    ['ECC:p521', 'der'],
  ] as const)(
    '%s (%s from the signer): posts { deviceId, message } and returns its signature, which verifies',
    async (keyType, encoding) => {
      const { device, signer } = await signerFor(keyType, encoding);
      const signature = await signWith(device);
      const message = messageFor(device.alg);
      expect(signer.received).toEqual([{ deviceId: device.deviceId, message }]);
      expect(signature).toMatch(/^[A-Za-z0-9_-]+$/);
      // As the signer sent it: DeviceAuthentication turns DER into JOSE form once it knows the key type.
      const jose =
        encoding === 'der'
          ? Buffer.from(toJoseSignature(Buffer.from(signature, 'base64url'), device.alg)).toString(
              'base64url',
            )
          : signature;
      const publicKey = await importJWK(device.publicJwk, device.alg);
      const { payload } = await compactVerify(`${message}.${jose}`, publicKey);
      expect(new TextDecoder().decode(payload)).toBe('{"iss":"c"}');
    },
  );

  it.each([
    ['down', { networkError: true }, 'could not be reached: is px-device-identity-service running?'],
    ['slow', { delayMs: 2_000 }, 'did not answer within 50 ms: is px-device-identity-service running?'],
  ])(
    'a signer that is %s is ERR_SIGNER_UNAVAILABLE and asks whether it is running',
    async (_case, failure, reason) => {
      const { device, signer } = await signerFor('ECC:p256');
      signer.failNext(failure);
      const error = await rejectionOf(
        signWith(device, createDeviceIdentitySigningFunction({ timeoutMs: 50 })),
      );
      expect(error).toBeInstanceOf(OnesSignerError);
      expect(error.code).toBe('ERR_SIGNER_UNAVAILABLE');
      expect(error.message).toBe(`the device signer at ${DEFAULT_DEVICE_IDENTITY_URL} ${reason}`);
    },
  );

  it.each([
    [
      404,
      { error: 'not_found' },
      'ERR_SIGNER_REFUSED',
      'answered HTTP 404: "not_found": check "deviceIdentityUrl" (px-device-identity-service signs at http://127.0.0.1:8000/sign)',
    ],
    [
      400,
      { error: 'unknown_device', error_description: 'no device d-9 is registered' },
      'ERR_SIGNER_REFUSED',
      'answered HTTP 400: "no device d-9 is registered": check "deviceId" (the id in device.yml) and that this device is registered with px-device-identity',
    ],
    [
      415,
      { message: 'Content-Type must be application/json' },
      'ERR_SIGNER_REFUSED',
      'answered HTTP 415: "Content-Type must be application/json": check "deviceId" (the id in device.yml) and that this device is registered with px-device-identity',
    ],
    [
      500,
      { error: 'server_error', error_description: 'TPM\u0000busy' },
      'ERR_SIGNER_UNAVAILABLE',
      `answered HTTP 500: "TPM busy": see px-device-identity-service's log`,
    ],
  ] as const)(
    'a running signer that answers %i: its own reason is quoted, with what to change',
    async (status, body, code, said) => {
      const { device, signer } = await signerFor('ECC:p256');
      signer.failNext({ status, body });
      const error = await rejectionOf(signWith(device));
      expect(error).toBeInstanceOf(OnesSignerError);
      expect(error.code).toBe(code);
      expect(error.message).toBe(`the device signer at ${DEFAULT_DEVICE_IDENTITY_URL} ${said}`);
      expect(error.message).not.toContain('running?');
    },
  );

  it('quotes a text reason, bounded to 200 printable characters', async () => {
    const device = await createTestDevice({ keyType: 'ECC:p256' });
    server.resetHandlers(
      http.post(
        DEFAULT_DEVICE_IDENTITY_URL,
        () => new HttpResponse(`bad\r\n${'x'.repeat(500)}`, { status: 400 }),
      ),
    );
    const error = await rejectionOf(signWith(device));
    expect(error.code).toBe('ERR_SIGNER_REFUSED');
    expect(error.message).toContain(`answered HTTP 400: "bad ${'x'.repeat(196)}": check "deviceId"`);
  });

  it.each([
    [
      'a body that is not JSON',
      new HttpResponse('<html>oops</html>', { status: 200 }),
      'answered with a body that is not JSON',
    ],
    ['no signature', HttpResponse.json({ sig: 'abc' }), 'answered without a base64url "signature"'],
    [
      'a signature that is not base64url',
      HttpResponse.json({ signature: 'ab+/cd' }),
      'answered without a base64url "signature"',
    ],
    ['JSON null', HttpResponse.json(null), 'answered without a base64url "signature"'],
  ])('a signer answering %s is ERR_SIGNER_RESPONSE_INVALID', async (_case, answer, message) => {
    const device = await createTestDevice({ keyType: 'ECC:p256' });
    server.resetHandlers(http.post(DEFAULT_DEVICE_IDENTITY_URL, () => answer.clone()));
    const error = await rejectionOf(signWith(device));
    expect(error).toBeInstanceOf(OnesSignerError);
    expect(error.code).toBe('ERR_SIGNER_RESPONSE_INVALID');
    expect(error.message).toContain(message);
  });

  it('stops with ERR_ABORTED when the caller aborts', async () => {
    const { device, signer } = await signerFor('ECC:p256');
    signer.failNext({ delayMs: 2_000 });
    const controller = new AbortController();
    const signing = signWith(device, deviceIdentitySigningFunction, controller.signal);
    setTimeout(() => controller.abort(), 20);
    const error = await rejectionOf(signing);
    expect(error).toBeInstanceOf(OnesAbortError);
    expect(error.code).toBe('ERR_ABORTED');
  });

  it('refuses a timeout that is not a positive number', () => {
    expect(() => createDeviceIdentitySigningFunction({ timeoutMs: 0 })).toThrow(OnesValidationError);
    expect(() => createDeviceIdentitySigningFunction({ timeoutMs: Number.NaN })).toThrow(
      '"timeoutMs" must be a positive number',
    );
  });

  it('uses the fetch it is given', async () => {
    const device = await createTestDevice({ keyType: 'ECC:p256' });
    const seen: string[] = [];
    const sign = createDeviceIdentitySigningFunction({
      fetch: async (input, init) => {
        seen.push(`${String(input)} ${String(init?.body)}`);
        return Response.json({ signature: Buffer.alloc(64, 1).toString('base64url') });
      },
    });
    expect(await signWith(device, sign)).toBe(Buffer.alloc(64, 1).toString('base64url'));
    expect(seen).toEqual([
      `${DEFAULT_DEVICE_IDENTITY_URL} ${JSON.stringify({ deviceId: device.deviceId, message: MESSAGE })}`,
    ]);
  });
});
