import { describe, expect, it } from 'vitest';
import type { DevDeviceKeyType } from '../../src/index.js';
import { backendFor, startTestIdp } from './dev-idp-fixture.js';

describe('a device with each key type', () => {
  it.each([
    ['RSA:2048', 'raw'],
    ['ECC:p256', 'der'],
    ['ECC:p384', 'raw'],
    ['ECC:p521', 'der'],
  ] as Array<[DevDeviceKeyType, 'raw' | 'der']>)(
    '%s (signer answers %s): device token, CIBA login, validated ID token',
    async (keyType, signerEncoding) => {
      const idp = await startTestIdp({ keyType, signerEncoding });
      try {
        const auth = await backendFor(idp);
        const { access_token } = await auth.makeDeviceAccessToken();
        expect((await auth.tokenIntrospection(access_token)).active).toBe(true);
        const login = await auth.makeCibaRequest({ loginHint: { kind: 'phone', value: '+15550101' } });
        await idp.approveLogin({ authReqId: login.auth_req_id });
        const tokens = await auth.waitForCibaTokens(login);
        await expect(
          auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' }),
        ).resolves.toMatchObject({ sub: 'user-bob' });
      } finally {
        await idp.stop();
      }
    },
  );
});
