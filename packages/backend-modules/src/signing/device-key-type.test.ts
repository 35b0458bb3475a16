import { OnesConfigError, OnesSignerError } from '@ones.dev/common';
import { createTestDevice } from '@ones.dev/testing';
import { describe, expect, it } from 'vitest';
import { decodeJwt, rejectionOf, useIdpFixture } from '../../test/support/idp-fixture.js';
import type { OnesLogEvent } from '../device-authentication/device-authentication-options.js';
import { createKeySigningFunction } from './key-signing-function.js';

const fx = useIdpFixture();

/** The `alg` in the header of each message the signer was asked to sign. */
const signedAlgs = () => fx.signer.received.map(({ message }) => decodeJwt(`${String(message)}.`).header.alg);

describe('deviceKeyType left out (the vendor constructor)', () => {
  it.each([
    ['ECC:p256', 'raw', 'ES256'],
    ['ECC:p256', 'der', 'ES256'],
    ['ECC:p384', 'der', 'ES384'],
    ['ECC:p521', 'raw', 'ES512'],
    ['ECC:p521', 'der', 'ES512'],
  ] as const)(
    'an %s device (%s signer) still logs in: the first signature tells the key type, once',
    async (keyType, signerEncoding, alg) => {
      await fx.useDevice({ keyType, signerEncoding });
      const events: OnesLogEvent[] = [];
      const auth = fx.makeAuth({ deviceKeyType: undefined, logger: (event) => events.push(event) });
      const login = await auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
      await fx.idp.approveLogin({ authReqId: login.auth_req_id });
      const tokens = await auth.checkCibaStatus(login.auth_req_id);
      expect(tokens.access_token).toEqual(expect.any(String));
      // one RS256 guess, then every signature with the learned alg: the request object and the
      // assertion of bc-authorize, the device token's assertion, and the poll's assertion
      expect(signedAlgs()).toEqual(['RS256', alg, alg, alg]);
      const sent = fx.idp.received.filter((r) => r.form.client_assertion !== undefined);
      expect(sent.map((r) => decodeJwt(r.form.client_assertion ?? '').header.alg)).toEqual([alg, alg]);
      expect(events.filter((e) => e.message.includes('learned'))).toEqual([
        {
          level: 'debug',
          message: `test-shop: learned the device key type from the signer's first signature: ${keyType} (${alg}); set deviceKeyType: '${keyType}' to skip this`,
        },
      ]);
    },
  );

  it('an RSA device keeps its first signature: one signer call per JWT, as before', async () => {
    await fx.useDevice({ keyType: 'RSA:2048' });
    const auth = fx.makeAuth({ deviceKeyType: undefined });
    const { access_token } = await auth.makeDeviceAccessToken();
    expect((await auth.tokenIntrospection(access_token)).active).toBe(true);
    expect(signedAlgs()).toEqual(['RS256', 'RS256']);
  });

  it('a key in memory (createKeySigningFunction) is learned the same way', async () => {
    await fx.useDevice({ keyType: 'ECC:p384' });
    const auth = fx.makeAuth({
      deviceKeyType: undefined,
      functions: { signingFunction: createKeySigningFunction(fx.device.privateKeyPem) },
    });
    const jwt = await auth.makeDeviceJwt();
    expect(decodeJwt(jwt).header.alg).toBe('ES384');
    const { access_token } = await auth.makeDeviceAccessToken();
    expect(access_token).toEqual(expect.any(String));
  });

  it('a signer that is down while learning fails this call; the next one learns', async () => {
    const auth = fx.makeAuth({ deviceKeyType: undefined });
    fx.signer.failNext({ networkError: true });
    expect((await rejectionOf(auth.makeDeviceJwt())).code).toBe('ERR_SIGNER_UNAVAILABLE');
    expect(decodeJwt(await auth.makeDeviceJwt()).header.alg).toBe('ES256');
  });

  it('a device whose key changes after learning fails once, naming the new key type, then learns it', async () => {
    const rsa = await createTestDevice({ keyType: 'RSA:2048' });
    let current = createKeySigningFunction(fx.device.privateKeyPem);
    const auth = fx.makeAuth({
      deviceKeyType: undefined,
      functions: { signingFunction: (request) => current(request) },
    });
    expect(decodeJwt(await auth.makeDeviceJwt()).header.alg).toBe('ES256');
    current = createKeySigningFunction(rsa.privateKeyPem);
    const error = await rejectionOf(auth.makeDeviceJwt());
    expect(error.code).toBe('ERR_SIGNER_RESPONSE_INVALID');
    expect(error.message).toBe(
      'the device signer now signs with an RSA:2048 key (a 256-byte RS256 signature), not the ES256 key it signed with before; the next call learns the new key type',
    );
    expect(decodeJwt(await auth.makeDeviceJwt()).header.alg).toBe('RS256');
  });

  it('a signature of no known shape is ERR_SIGNER_RESPONSE_INVALID, naming its length', async () => {
    const auth = fx.makeAuth({
      deviceKeyType: undefined,
      functions: { signingFunction: async () => Buffer.alloc(70, 7).toString('base64url') },
    });
    const error = await rejectionOf(auth.makeDeviceJwt());
    expect(error).toBeInstanceOf(OnesSignerError);
    expect(error.code).toBe('ERR_SIGNER_RESPONSE_INVALID');
    expect(error.message).toBe(
      'the device signer returned a 70-byte signature, which is neither RSA nor ECDSA',
    );
  });
});

describe('deviceKeyType that contradicts the signer', () => {
  it('RSA:2048 on an ECC P-256 device names deviceKeyType and the value to set', async () => {
    const auth = fx.makeAuth({ deviceKeyType: 'RSA:2048' });
    const error = await rejectionOf(auth.makeDeviceAccessToken());
    expect(error).toBeInstanceOf(OnesConfigError);
    expect(error.code).toBe('ERR_CONFIG_INVALID');
    expect(error.message).toBe(
      `"deviceKeyType" is RSA:2048, but the device signer signs with an ECC:p256 key (a 64-byte ES256 signature): set deviceKeyType to 'ECC:p256' (the key_type in device.yml), or leave it out to learn it from the signer`,
    );
    expect(fx.idp.count('token')).toBe(0);
  });

  it('ECC:p256 on an RSA device names RSA:2048, whether the signer sends DER or not', async () => {
    await fx.useDevice({ keyType: 'RSA:2048' });
    const auth = fx.makeAuth({ deviceKeyType: 'ECC:p256' });
    const error = await rejectionOf(auth.makeDeviceJwt());
    expect(error.code).toBe('ERR_CONFIG_INVALID');
    expect(error.message).toContain("set deviceKeyType to 'RSA:2048'");
  });

  it('ECC:p256 on a P-384 device with a DER signer names ECC:p384', async () => {
    await fx.useDevice({ keyType: 'ECC:p384', signerEncoding: 'der' });
    const auth = fx.makeAuth({ deviceKeyType: 'ECC:p256' });
    const error = await rejectionOf(auth.makeDeviceJwt());
    expect(error.code).toBe('ERR_CONFIG_INVALID');
    expect(error.message).toContain("set deviceKeyType to 'ECC:p384'");
  });
});
