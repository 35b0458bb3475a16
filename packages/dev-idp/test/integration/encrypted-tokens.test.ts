import { encryptionPublicJwk } from '@ones.dev/backend-modules';
import { exportPKCS8, generateKeyPair } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import type { DevIdp } from '../../src/index.js';
import { backendFor, rejectionOf, startTestIdp } from './dev-idp-fixture.js';

// Encrypted ID tokens and UserInfo (nested JWTs) from oidc-provider, for a client registered with an
// encryption key: the SDK decrypts with the private key and validates the JWT inside.
const ALICE = { kind: 'username', value: 'alice' } as const;
const started: DevIdp[] = [];
afterAll(() => Promise.all(started.map((idp) => idp.stop())));

describe('encrypted ID tokens against dev-idp', () => {
  it.each([
    ['P-256', 'ECDH-ES'],
    ['X25519', 'ECDH-ES+A256KW'],
    ['RSA', 'RSA-OAEP-256'],
  ] as const)(
    '%s, %s: the login completes, the ID token and UserInfo decrypt and validate',
    async (kind, alg) => {
      const { privateKey } =
        kind === 'RSA'
          ? await generateKeyPair('RSA-OAEP-256', { extractable: true })
          : await generateKeyPair('ECDH-ES', { crv: kind, extractable: true });
      const pem = await exportPKCS8(privateKey);
      const publicJwk = await encryptionPublicJwk(pem);
      const idp = await startTestIdp({ encryptTo: { ...publicJwk, alg }, userInfoAsJwt: true });
      started.push(idp);
      const auth = await backendFor(idp, { tokenDecryption: { key: pem } });
      const login = await auth.makeCibaRequest({ loginHint: ALICE });
      await idp.approveLogin({ authReqId: login.auth_req_id });
      const tokens = await auth.waitForCibaTokens(login);
      const idToken = tokens.id_token ?? '';
      expect(idToken.split('.')).toHaveLength(5);
      const claims = await auth.validateJwt(idToken, { tokenType: 'id_token' });
      expect(claims).toMatchObject({ iss: idp.issuer, sub: 'user-alice' });
      const user = await auth.userInfo(tokens.access_token, { expectedSubject: claims.sub });
      expect(user).toMatchObject({ sub: 'user-alice', name: 'Alice Example' });
      // the same token without the key, or with another key
      const withoutKey = await rejectionOf(
        (await backendFor(idp)).validateJwt(idToken, { tokenType: 'id_token' }),
      );
      expect(withoutKey.code).toBe('ERR_JWT_INVALID');
      const other = await exportPKCS8(
        (await generateKeyPair('RSA-OAEP-256', { extractable: true })).privateKey,
      );
      const wrongKey = await rejectionOf(
        (await backendFor(idp, { tokenDecryption: { key: other } })).validateJwt(idToken, {
          tokenType: 'id_token',
        }),
      );
      expect(wrongKey.code).toBe(kind === 'RSA' ? 'ERR_JWT_DECRYPTION_FAILED' : 'ERR_JWT_INVALID');
    },
  );
});
