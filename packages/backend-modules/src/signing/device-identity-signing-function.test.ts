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
  DEFAULT_DEVICE_IDENTITY_URL,
  deviceIdentitySigningFunction,
} from './device-identity-signing-function.js';

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
    '%s (%s from the signer): posts { deviceId, message } and returns a JOSE signature that verifies',
    async (keyType, encoding) => {
      const { device, signer } = await signerFor(keyType, encoding);
      const signature = await signWith(device);
      const message = messageFor(device.alg);
      expect(signer.received).toEqual([{ deviceId: device.deviceId, message }]);
      expect(signature).toMatch(/^[A-Za-z0-9_-]+$/);
      const publicKey = await importJWK(device.publicJwk, device.alg);
      const { payload } = await compactVerify(`${message}.${signature}`, publicKey);
      expect(new TextDecoder().decode(payload)).toBe('{"iss":"c"}');
    },
  );

  it.each([
    ['down', { networkError: true }, 'could not be reached'],
    ['answering 500', { status: 500 }, 'answered HTTP 500'],
    ['answering 404', { status: 404, body: { error: 'unknown device' } }, 'answered HTTP 404'],
  ])(
    'a signer %s is ERR_SIGNER_UNAVAILABLE with a message that says what to check',
    async (_case, failure, reason) => {
      const { device, signer } = await signerFor('ECC:p256');
      signer.failNext(failure);
      const error = await rejectionOf(signWith(device));
      expect(error).toBeInstanceOf(OnesSignerError);
      expect(error.code).toBe('ERR_SIGNER_UNAVAILABLE');
      expect(error.message).toBe(
        `the device signer at ${DEFAULT_DEVICE_IDENTITY_URL} ${reason}: is px-device-identity-service running?`,
      );
    },
  );

  it('times out a signer that does not answer', async () => {
    const { device, signer } = await signerFor('ECC:p256');
    signer.failNext({ delayMs: 2_000 });
    const error = await rejectionOf(signWith(device, createDeviceIdentitySigningFunction({ timeoutMs: 50 })));
    expect(error.code).toBe('ERR_SIGNER_UNAVAILABLE');
    expect(error.message).toContain('did not answer within 50 ms: is px-device-identity-service running?');
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
    [
      'a signature of the wrong length',
      HttpResponse.json({ signature: Buffer.alloc(20).toString('base64url') }),
      'returned a 20-byte signature',
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
