import { AuthJwtProperties, OnesHttpError, OnesJwtError } from '@ones.dev/common';
import { base64url, generateKeyPair, generateSecret, SignJWT } from 'jose';
import ky from 'ky';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDP_HOST, rejectionOf, useIdpFixture } from '../../test/support/idp-fixture.js';

const fx = useIdpFixture();
const ISSUER = `${IDP_HOST}/oidc`;

/** Claims of a token the fake IdP would issue to this device, `secondsFromNow` shifting iat/exp. */
function claims(overrides: Record<string, unknown> = {}, secondsFromNow = 0): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000) + secondsFromNow;
  return { iss: ISSUER, sub: 'user-alice', aud: fx.device.clientId, iat: now, exp: now + 300, ...overrides };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('validateJwt', () => {
  it('returns the claims of a token the IdP signed for this client, fetching the JWKS once', async () => {
    const token = await fx.idp.signJwt(claims({ email: 'alice@example.com' }));
    const validated = await fx.auth.validateJwt(token);
    expect(validated).toMatchObject({
      iss: ISSUER,
      sub: 'user-alice',
      aud: fx.device.clientId,
      email: 'alice@example.com',
    });
    await fx.auth.validateJwt(await fx.idp.signJwt(claims({ sub: 'user-bob' })));
    expect(fx.idp.count('jwks')).toBe(1);
    expect(fx.idp.count('discovery')).toBe(1);
  });

  it('accepts configured resources and an audience passed per call, and nothing else', async () => {
    const auth = fx.makeAuth({
      authJwtProperties: new AuthJwtProperties({
        bindingMessage: 'Log in',
        resources: ['https://api.example.com'],
      }),
    });
    await expect(
      auth.validateJwt(await fx.idp.signJwt(claims({ aud: 'https://api.example.com' }))),
    ).resolves.toMatchObject({ sub: 'user-alice' });
    const other = await fx.idp.signJwt(claims({ aud: 'https://other.example.com' }));
    await expect(auth.validateJwt(other, { audience: ['https://other.example.com'] })).resolves.toMatchObject(
      { sub: 'user-alice' },
    );
    const error = await rejectionOf(auth.validateJwt(other));
    expect(error).toBeInstanceOf(OnesJwtError);
    expect(error.code).toBe('ERR_JWT_CLAIM_INVALID');
    expect(error.message).toBe('the token\'s "aud" claim is not acceptable (check_failed)');
  });

  it.each([
    ['another issuer', { iss: 'https://evil.example/oidc' }, 0, 'ERR_JWT_CLAIM_INVALID', '"iss"'],
    ['a token for another client', { aud: 'someone-else' }, 0, 'ERR_JWT_CLAIM_INVALID', '"aud"'],
    ['an expired token (beyond the 30 s tolerance)', {}, -331, 'ERR_JWT_EXPIRED', 'expired'],
    [
      'a token not valid yet',
      { nbf: Math.floor(Date.now() / 1000) + 120 },
      0,
      'ERR_JWT_CLAIM_INVALID',
      '"nbf"',
    ],
    ['a token without exp', { exp: undefined }, 0, 'ERR_JWT_CLAIM_INVALID', '"exp"'],
  ])('rejects %s', async (_case, overrides, shift, code, mention) => {
    const error = await rejectionOf(fx.auth.validateJwt(await fx.idp.signJwt(claims(overrides, shift))));
    expect(error).toBeInstanceOf(OnesJwtError);
    expect(error.code).toBe(code);
    expect(error.message).toContain(mention);
  });

  it('tolerates 30 s of clock skew by default', async () => {
    await expect(fx.auth.validateJwt(await fx.idp.signJwt(claims({}, -320)))).resolves.toMatchObject({
      sub: 'user-alice',
    });
    const strict = fx.makeAuth({ clockToleranceSeconds: 0 });
    expect((await rejectionOf(strict.validateJwt(await fx.idp.signJwt(claims({}, -305))))).code).toBe(
      'ERR_JWT_EXPIRED',
    );
  });

  it('refuses alg none, HS256 and tokens signed by a key that is not the IdP', async () => {
    const unsigned = `${base64url.encode('{"alg":"none","typ":"JWT"}')}.${base64url.encode(JSON.stringify(claims()))}.`;
    expect((await rejectionOf(fx.auth.validateJwt(unsigned))).code).toBe('ERR_JWT_INVALID');
    const hmac = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256' })
      .sign(await generateSecret('HS256'));
    const hmacError = await rejectionOf(fx.auth.validateJwt(hmac));
    expect(hmacError.code).toBe('ERR_JWT_INVALID');
    expect(hmacError.message).toBe('the token uses an algorithm that is not allowed');
    // a forger who copies the IdP's kid
    const kid = (await fx.idp.signJwt(claims())).split('.')[0] ?? '';
    const { privateKey } = await generateKeyPair('ES256');
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(kid))) as { kid: string };
    const forged = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', kid: header.kid })
      .sign(privateKey);
    expect((await rejectionOf(fx.auth.validateJwt(forged))).code).toBe('ERR_JWT_SIGNATURE_INVALID');
    for (const garbage of ['not-a-jwt', 'a.b.c', 'a.b.c.d.e'])
      expect((await rejectionOf(fx.auth.validateJwt(garbage))).code).toBe('ERR_JWT_INVALID');
  });

  it('after the IdP rotates its keys, refetches the JWKS once for the new kid, and at most every 30 s for unknown kids', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await fx.auth.validateJwt(await fx.idp.signJwt(claims()));
    expect(fx.idp.count('jwks')).toBe(1);
    vi.setSystemTime(Date.now() + 31_000);
    await fx.idp.rotateSigningKeys();
    await expect(fx.auth.validateJwt(await fx.idp.signJwt(claims()))).resolves.toMatchObject({
      sub: 'user-alice',
    });
    expect(fx.idp.count('jwks')).toBe(2);
    // a stream of tokens with unknown kids cannot make us hammer the IdP
    const { privateKey } = await generateKeyPair('ES256');
    const stranger = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', kid: 'stranger' })
      .sign(privateKey);
    for (let i = 0; i < 5; i++)
      expect((await rejectionOf(fx.auth.validateJwt(stranger))).code).toBe('ERR_JWT_SIGNATURE_INVALID');
    expect(fx.idp.count('jwks')).toBe(2);
    vi.setSystemTime(Date.now() + 31_000);
    await rejectionOf(fx.auth.validateJwt(stranger));
    expect(fx.idp.count('jwks')).toBe(3);
  });

  it('tokenType tells ID tokens and access tokens apart by their typ header (RFC 9068)', async () => {
    const login = await fx.auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
    fx.idp.approve();
    const tokens = await fx.auth.checkCibaStatus(login.auth_req_id);
    const idToken = tokens.id_token ?? '';
    await expect(fx.auth.validateJwt(idToken, { tokenType: 'id_token' })).resolves.toMatchObject({
      sub: 'user-alice',
    });
    await expect(
      fx.auth.validateJwt(tokens.access_token, { tokenType: 'access_token' }),
    ).resolves.toMatchObject({ sub: 'user-alice' });
    const idAsAccess = await rejectionOf(fx.auth.validateJwt(idToken, { tokenType: 'access_token' }));
    expect(idAsAccess.code).toBe('ERR_JWT_CLAIM_INVALID');
    expect(idAsAccess.message).toBe(
      'the token\'s "typ" header is "JWT", not that of an access token (at+jwt)',
    );
    expect(
      (await rejectionOf(fx.auth.validateJwt(tokens.access_token, { tokenType: 'id_token' }))).code,
    ).toBe('ERR_JWT_CLAIM_INVALID');
  });

  it('fetches the JWKS through the ky instance it was given, within the instance timeout', async () => {
    const seen: string[] = [];
    const hooked = ky.create({
      hooks: {
        beforeRequest: [
          ({ request }) => void seen.push(`${request.method} ${new URL(request.url).pathname}`),
        ],
      },
    });
    const auth = fx.makeAuth({ ky: hooked, timeoutMs: 200 });
    await auth.validateJwt(await fx.idp.signJwt(claims()));
    expect(seen).toEqual(['GET /oidc/.well-known/openid-configuration', 'GET /oidc/jwks']);
    const slow = fx.makeAuth({ timeoutMs: 200 });
    await slow.endpoints();
    fx.idp.failNext('jwks', { delayMs: 2_000 });
    const error = await rejectionOf(slow.validateJwt(await fx.idp.signJwt(claims())));
    expect(error.code).toBe('ERR_TIMEOUT_REQUEST');
    expect(error.message).toBe('fetching the IdP keys (JWKS) timed out');
  });

  it('reports a JWKS the IdP cannot serve as an HTTP error, not as a bad token', async () => {
    fx.idp.failNext('jwks', { status: 503 });
    const error = await rejectionOf(fx.auth.validateJwt(await fx.idp.signJwt(claims())));
    expect(error).toBeInstanceOf(OnesHttpError);
    expect(error.code).toBe('ERR_HTTP_STATUS');
    expect(error.message).toContain('fetching the IdP keys (JWKS) failed');
    // the next call fetches again and succeeds
    await expect(fx.auth.validateJwt(await fx.idp.signJwt(claims()))).resolves.toMatchObject({
      sub: 'user-alice',
    });
  });
});
