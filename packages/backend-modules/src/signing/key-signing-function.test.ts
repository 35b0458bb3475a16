import { OnesValidationError } from '@ones.dev/common';
import { createTestDevice, type TestDeviceKeyType } from '@ones.dev/testing';
import { compactVerify, exportJWK, generateSecret, importJWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../test/support/idp-fixture.js';
import { createKeySigningFunction } from './key-signing-function.js';

const part = (json: string) => Buffer.from(json).toString('base64url');
const messageFor = (alg: string) =>
  `${part(JSON.stringify({ alg, typ: 'JWT' }))}.${part('{"sub":"device"}')}`;
const KEY_TYPES: TestDeviceKeyType[] = ['RSA:2048', 'ECC:p256', 'ECC:p384', 'ECC:p521'];

describe('createKeySigningFunction', () => {
  it.each(KEY_TYPES)(
    '%s: signs with a PEM, a JWK and a CryptoKey, each verifying against the public key',
    async (keyType) => {
      const device = await createTestDevice({ keyType });
      const publicKey = await importJWK(device.publicJwk, device.alg);
      const message = messageFor(device.alg);
      const request = {
        message,
        alg: device.alg,
        deviceId: device.deviceId,
        deviceIdentityUrl: 'http://127.0.0.1:8000/sign',
      };
      const privateJwk = await exportJWK(device.privateKey);
      for (const key of [device.privateKeyPem, privateJwk, device.privateKey]) {
        const signature = await createKeySigningFunction(key)(request);
        const { payload } = await compactVerify(`${message}.${signature}`, publicKey);
        expect(new TextDecoder().decode(payload)).toBe('{"sub":"device"}');
      }
    },
  );

  it('refuses to sign with a key of another type, naming the algorithm', async () => {
    const rsa = await createTestDevice({ keyType: 'RSA:2048' });
    const sign = createKeySigningFunction(rsa.privateKeyPem);
    const error = await rejectionOf(
      sign({
        message: messageFor('ES256'),
        alg: 'ES256',
        deviceId: 'd',
        deviceIdentityUrl: 'http://127.0.0.1:8000/sign',
      }),
    );
    expect(error).toBeInstanceOf(OnesValidationError);
    expect(error.code).toBe('ERR_VALIDATION_ARGUMENT');
    expect(error.message).toBe('"key" cannot sign with ES256');
  });

  it('refuses a CryptoKey of the wrong curve instead of signing with it', async () => {
    const p384 = await createTestDevice({ keyType: 'ECC:p384' });
    const error = await rejectionOf(
      createKeySigningFunction(p384.privateKey)({
        message: messageFor('ES256'),
        alg: 'ES256',
        deviceId: 'd',
        deviceIdentityUrl: 'http://127.0.0.1:8000/sign',
      }),
    );
    expect(error).toBeInstanceOf(OnesValidationError);
    expect(error.message).toBe('"key" cannot sign with ES256');
  });

  it('refuses a symmetric key and a PEM that is not a key, without echoing the key', async () => {
    const secretJwk = await exportJWK(await generateSecret('HS256', { extractable: true }));
    const request = {
      message: messageFor('ES256'),
      alg: 'ES256',
      deviceId: 'd',
      deviceIdentityUrl: 'http://127.0.0.1:8000/sign',
    } as const;
    for (const key of [secretJwk, '-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----']) {
      const error = await rejectionOf(createKeySigningFunction(key)(request));
      expect(error.code).toBe('ERR_VALIDATION_ARGUMENT');
      expect(error.message).not.toContain('not-a-key');
      expect(error.message).not.toContain(String(secretJwk.k));
    }
  });
});
