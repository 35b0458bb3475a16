import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { OnesConfigError, OnesJwtError } from '@ones.dev/common';
import {
  CompactEncrypt,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  generateSecret,
  importJWK,
  type JWK,
} from 'jose';
import { describe, expect, it } from 'vitest';
import { IDP_HOST, rejectionOf, useIdpFixture } from '../../test/support/idp-fixture.js';
import { encryptionPublicJwk } from './encryption-public-jwk.js';

const fx = useIdpFixture();
const ID_TOKEN = { tokenType: 'id_token' } as const;
const ISSUER = `${IDP_HOST}/oidc`;

/** A new decryption key pair of `kind`: the private key in all three forms, and the JWK to register. */
async function keyPair(kind: 'P-256' | 'P-384' | 'X25519' | 'RSA') {
  const { privateKey } =
    kind === 'RSA'
      ? await generateKeyPair('RSA-OAEP-256', { extractable: true })
      : await generateKeyPair('ECDH-ES', { crv: kind, extractable: true });
  const pem = await exportPKCS8(privateKey);
  const jwk = await exportJWK(privateKey);
  return { forms: [pem, jwk, privateKey] as const, publicJwk: await encryptionPublicJwk(pem) };
}

/** Alice's ID token from a CIBA login at the fake IdP (encrypting or not, as set up). */
async function aliceIdToken(): Promise<string> {
  const login = await fx.auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
  await fx.idp.approveLogin();
  return (await fx.auth.checkCibaStatus(login.auth_req_id)).id_token ?? '';
}

/** `payload` (a string) encrypted to `jwk` with the given header. */
async function encryptTo(jwk: JWK, payload: string, header: { alg: string; enc: string; cty?: string }) {
  const key = await importJWK(jwk, header.alg);
  return new CompactEncrypt(new TextEncoder().encode(payload)).setProtectedHeader(header).encrypt(key);
}

describe('encrypted ID tokens (tokenDecryption)', () => {
  it.each([
    ['P-256', 'ECDH-ES'],
    ['P-384', 'ECDH-ES+A256KW'],
    ['X25519', 'ECDH-ES+A128KW'],
    ['RSA', 'RSA-OAEP-256'],
  ] as const)(
    '%s with %s: decrypts with a PEM, a JWK and a CryptoKey, then validates the JWT inside',
    async (kind, alg) => {
      const { forms, publicJwk } = await keyPair(kind);
      expect(publicJwk).toMatchObject({ use: 'enc', alg: kind === 'RSA' ? 'RSA-OAEP-256' : 'ECDH-ES' });
      expect(publicJwk).not.toHaveProperty('d');
      await fx.useDevice({ encryptTo: { ...publicJwk, alg } });
      const idToken = await aliceIdToken();
      expect(idToken.split('.')).toHaveLength(5);
      for (const key of forms) {
        const claims = await fx.makeAuth({ tokenDecryption: { key } }).validateJwt(idToken, ID_TOKEN);
        expect(claims).toMatchObject({ iss: ISSUER, sub: 'user-alice', aud: fx.device.clientId });
      }
    },
  );

  it('a PKCS#1 (RSA) or SEC1 (EC) PEM works as well as PKCS#8, not only at construction', async () => {
    for (const [type, format] of [
      ['rsa', 'pkcs1'],
      ['ec', 'sec1'],
    ] as const) {
      const { privateKey } =
        type === 'rsa'
          ? generateKeyPairSync('rsa', { modulusLength: 2048 })
          : generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pem = privateKey.export({ type: format, format: 'pem' }).toString();
      expect(pem).not.toContain('BEGIN PRIVATE KEY');
      await fx.useDevice({ encryptTo: await encryptionPublicJwk(pem) });
      const idToken = await aliceIdToken();
      const claims = await fx.makeAuth({ tokenDecryption: { key: pem } }).validateJwt(idToken, ID_TOKEN);
      expect(claims.sub).toBe('user-alice');
    }
  });

  it('by default refuses a signed-only ID token once a key is configured; acceptUnencrypted allows it', async () => {
    const { forms } = await keyPair('P-256');
    const idToken = await aliceIdToken();
    const strict = await rejectionOf(
      fx.makeAuth({ tokenDecryption: { key: forms[0] } }).validateJwt(idToken, ID_TOKEN),
    );
    expect(strict).toBeInstanceOf(OnesJwtError);
    expect(strict.code).toBe('ERR_JWT_INVALID');
    expect(strict.message).toContain('the ID token is not encrypted, but tokenDecryption is configured');
    const relaxed = fx.makeAuth({ tokenDecryption: { key: forms[0], acceptUnencrypted: true } });
    await expect(relaxed.validateJwt(idToken, ID_TOKEN)).resolves.toMatchObject({ sub: 'user-alice' });
  });

  it('refuses an encrypted ID token without a key, and one encrypted to another key', async () => {
    const { publicJwk } = await keyPair('P-256');
    const other = await keyPair('P-256');
    await fx.useDevice({ encryptTo: publicJwk });
    const idToken = await aliceIdToken();
    const noKey = await rejectionOf(fx.auth.validateJwt(idToken, ID_TOKEN));
    expect(noKey.code).toBe('ERR_JWT_INVALID');
    expect(noKey.message).toBe(
      'the ID token is encrypted (JWE): pass tokenDecryption: { key } with the private key whose public half is registered with the IdP',
    );
    const wrongKey = await rejectionOf(
      fx.makeAuth({ tokenDecryption: { key: other.forms[0] } }).validateJwt(idToken, ID_TOKEN),
    );
    expect(wrongKey.code).toBe('ERR_JWT_DECRYPTION_FAILED');
    expect(wrongKey.message).toBe(
      'the ID token could not be decrypted with tokenDecryption.key: it was encrypted to another key, or altered',
    );
  });

  it('attacks: alg none inside, a forged signature inside, an altered ciphertext, weak or mismatched algorithms, an encrypted access token', async () => {
    const { forms, publicJwk } = await keyPair('RSA');
    const auth = fx.makeAuth({ tokenDecryption: { key: forms[0] } });
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claims = { iss: ISSUER, sub: 'user-mallory', aud: fx.device.clientId, iat: 1, exp: 4e9 };
    const header = { alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' };
    // a JWE wrapping an unsigned JWT
    const none = await encryptTo(publicJwk, `${part({ alg: 'none' })}.${part(claims)}.`, header);
    const unsigned = await rejectionOf(auth.validateJwt(none, ID_TOKEN));
    expect(unsigned.code).toBe('ERR_JWT_INVALID');
    // a JWE wrapping a JWT signed by someone else
    const { privateKey } = await generateKeyPair('ES256');
    const { SignJWT } = await import('jose');
    const forgedJws = await new SignJWT(claims).setProtectedHeader({ alg: 'ES256' }).sign(privateKey);
    const forged = await rejectionOf(
      auth.validateJwt(await encryptTo(publicJwk, forgedJws, header), ID_TOKEN),
    );
    expect(forged.code).toBe('ERR_JWT_SIGNATURE_INVALID');
    // one changed character in the ciphertext
    await fx.useDevice({ encryptTo: publicJwk });
    const idToken = await aliceIdToken();
    const parts = idToken.split('.');
    parts[3] = `${parts[3]?.[0] === 'A' ? 'B' : 'A'}${parts[3]?.slice(1)}`;
    const altered = await rejectionOf(
      fx.makeAuth({ tokenDecryption: { key: forms[0] } }).validateJwt(parts.join('.'), ID_TOKEN),
    );
    expect(altered.code).toBe('ERR_JWT_DECRYPTION_FAILED');
    // RSA-OAEP (SHA-1) to an RSA-OAEP-256 key, and ECDH-ES to an RSA key: refused before decrypting
    for (const alg of ['RSA-OAEP', 'ECDH-ES', 'dir']) {
      const forged = `${part({ alg, enc: 'A256GCM' })}.AAAA.AAAA.AAAA.AAAA`;
      const refused = await rejectionOf(auth.validateJwt(forged, ID_TOKEN));
      expect(refused.code).toBe('ERR_JWT_INVALID');
      expect(refused.message).toContain('which this key does not accept');
    }
    // an access token is never encrypted for an API
    const encryptedAccessToken = await rejectionOf(
      auth.validateJwt(idToken, { audience: ['https://api.example.com'] }),
    );
    expect(encryptedAccessToken.message).toBe(
      'the access token is encrypted (JWE); an access token for your API is a signed JWT',
    );
  });

  it('a UserInfo answer encrypted to the key is decrypted, then checked like a token', async () => {
    const { forms, publicJwk } = await keyPair('X25519');
    await fx.useDevice({ encryptTo: publicJwk, userInfoAsJwt: true });
    const auth = fx.makeAuth({ tokenDecryption: { key: forms[1] } });
    const login = await auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
    await fx.idp.approveLogin();
    const tokens = await auth.checkCibaStatus(login.auth_req_id);
    const user = await auth.userInfo(tokens.access_token, { expectedSubject: 'user-alice' });
    expect(user).toMatchObject({ sub: 'user-alice', name: 'Alice Example', aud: fx.device.clientId });
  });

  it('refuses a key that cannot decrypt at construction, without quoting it at any depth', async () => {
    const secret = await exportJWK(await generateSecret('HS256', { extractable: true }));
    const signingOnly = await exportJWK((await generateKeyPair('Ed25519', { extractable: true })).privateKey);
    const p521 = await exportJWK(
      (await generateKeyPair('ECDH-ES', { crv: 'P-521', extractable: true })).privateKey,
    );
    const { publicJwk } = await keyPair('P-256');
    for (const key of [
      secret,
      signingOnly,
      p521,
      publicJwk,
      '-----BEGIN PRIVATE KEY-----\nnot-a-key\n-----END PRIVATE KEY-----',
    ]) {
      let thrown: unknown;
      try {
        fx.makeAuth({ tokenDecryption: { key } });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(OnesConfigError);
      expect((thrown as Error).message).toBe(
        '"tokenDecryption.key" is not a private P-256, P-384, X25519 or RSA key',
      );
      const everything = inspect(thrown, { depth: Number.POSITIVE_INFINITY, showHidden: true });
      for (const secretPart of [String(secret.k), String(signingOnly.d), String(p521.d), 'not-a-key'])
        expect(everything).not.toContain(secretPart);
    }
    await expect(encryptionPublicJwk(secret)).rejects.toBeInstanceOf(OnesConfigError);
  });
});
