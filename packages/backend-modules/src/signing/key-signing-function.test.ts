import { inspect } from 'node:util';
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

  it.each(KEY_TYPES)(
    '%s: asked for another algorithm, signs with its own, as px-device-identity-service does',
    async (keyType) => {
      const device = await createTestDevice({ keyType });
      const other = device.alg === 'RS256' ? 'ES256' : 'RS256';
      const message = messageFor(other);
      const signature = await createKeySigningFunction(device.privateKeyPem)({
        message,
        alg: other,
        deviceId: 'd',
        deviceIdentityUrl: 'http://127.0.0.1:8000/sign',
      });
      const publicKey = (await importJWK(device.publicJwk, device.alg)) as CryptoKey;
      const params =
        device.alg === 'RS256'
          ? { name: 'RSASSA-PKCS1-v1_5' }
          : { name: 'ECDSA', hash: { ES256: 'SHA-256', ES384: 'SHA-384', ES512: 'SHA-512' }[device.alg] };
      const valid = await crypto.subtle.verify(
        params,
        publicKey,
        Buffer.from(signature, 'base64url'),
        new TextEncoder().encode(message),
      );
      expect(valid).toBe(true);
    },
  );

  it('refuses a symmetric key, a public key and a PEM that is not a key, without echoing the key at any depth', async () => {
    const secretJwk = await exportJWK(await generateSecret('HS256', { extractable: true }));
    const device = await createTestDevice({ keyType: 'ECC:p256' });
    const publicKey = (await importJWK(device.publicJwk, 'ES256')) as CryptoKey;
    const request = {
      message: messageFor('ES256'),
      alg: 'ES256',
      deviceId: 'd',
      deviceIdentityUrl: 'http://127.0.0.1:8000/sign',
    } as const;
    const rsa = (name: string, hash: string) =>
      crypto.subtle.generateKey(
        { name, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash },
        false,
        ['sign', 'verify'],
      ) as Promise<CryptoKeyPair>;
    const pss = (await rsa('RSA-PSS', 'SHA-256')).privateKey;
    const sha512 = (await rsa('RSASSA-PKCS1-v1_5', 'SHA-512')).privateKey;
    for (const key of [
      secretJwk,
      publicKey,
      pss,
      sha512,
      '-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----',
    ]) {
      const error = await rejectionOf(createKeySigningFunction(key)(request));
      expect(error).toBeInstanceOf(OnesValidationError);
      expect(error.message).toBe('"key" is not a private RSA or P-256/384/521 key that can sign');
      const everything = inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true });
      expect(everything).not.toContain('not-a-key');
      expect(everything).not.toContain(String(secretJwk.k));
    }
  });
});
