import { AuthJwtProperties, OnesConfigError, OnesHttpError, OnesJwtError } from '@ones.dev/common';
import { base64url, generateKeyPair, generateSecret, SignJWT } from 'jose';
import ky from 'ky';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDP_HOST, rejectionOf, useIdpFixture } from '../../test/support/idp-fixture.js';

const fx = useIdpFixture();
const ISSUER = `${IDP_HOST}/oidc`;
const API = 'https://api.example.com';

/** Claims of an ID token the fake IdP would issue to this device, `secondsFromNow` shifting iat/exp. */
function claims(overrides: Record<string, unknown> = {}, secondsFromNow = 0): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000) + secondsFromNow;
  return { iss: ISSUER, sub: 'user-alice', aud: fx.device.clientId, iat: now, exp: now + 300, ...overrides };
}

/** An access token (RFC 9068) for `API`, issued to this device's client. */
function accessToken(overrides: Record<string, unknown> = {}, typ = 'at+jwt'): Promise<string> {
  return fx.idp.signJwt(claims({ aud: API, client_id: fx.device.clientId, scope: 'openid', ...overrides }), {
    typ,
  });
}

const ID_TOKEN = { tokenType: 'id_token' } as const;

/** A backend whose CIBA logins ask for `API`: its access tokens are for that audience. */
const withApi = () =>
  fx.makeAuth({
    authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Log in', resources: [API] }),
  });

afterEach(() => {
  vi.useRealTimers();
});

describe('validateJwt', () => {
  it('returns the claims of an ID token the IdP signed for this client, fetching the JWKS once', async () => {
    const token = await fx.idp.signJwt(claims({ email: 'alice@example.com' }));
    const validated = await fx.auth.validateJwt(token, ID_TOKEN);
    expect(validated).toMatchObject({
      iss: ISSUER,
      sub: 'user-alice',
      aud: fx.device.clientId,
      email: 'alice@example.com',
    });
    await fx.auth.validateJwt(await fx.idp.signJwt(claims({ sub: 'user-bob' })), ID_TOKEN);
    expect(fx.idp.count('jwks')).toBe(1);
    expect(fx.idp.count('discovery')).toBe(1);
  });

  it("the vendor's validateJwt(access_token), no options: a JWT access token for a configured resource", async () => {
    const { sub, iss, aud, exp, iat, scope } = await withApi().validateJwt(await accessToken());
    expect({ sub, iss, aud, scope }).toEqual({ sub: 'user-alice', iss: ISSUER, aud: API, scope: 'openid' });
    expect(exp - iat).toBe(300);
  });

  it('accepts an access token for an audience passed per call, and for nothing else', async () => {
    const auth = withApi();
    const other = await accessToken({ aud: 'https://other.example.com' });
    await expect(auth.validateJwt(other, { audience: ['https://other.example.com'] })).resolves.toMatchObject(
      {
        sub: 'user-alice',
      },
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
    ['a token without iat', { iat: undefined }, 0, 'ERR_JWT_CLAIM_INVALID', '"iat"'],
  ])('rejects %s', async (_case, overrides, shift, code, mention) => {
    const error = await rejectionOf(
      fx.auth.validateJwt(await fx.idp.signJwt(claims(overrides, shift)), ID_TOKEN),
    );
    expect(error).toBeInstanceOf(OnesJwtError);
    expect(error.code).toBe(code);
    expect(error.message).toContain(mention);
  });
});

describe('validateJwt: safe by default (each of these passed before)', () => {
  it('an ID token used as an access token, with tokenType left out, is refused and says how to ask for an ID token', async () => {
    const idToken = await fx.idp.signJwt(claims({ aud: [fx.device.clientId, API], azp: fx.device.clientId }));
    const error = await rejectionOf(withApi().validateJwt(idToken));
    expect(error).toBeInstanceOf(OnesJwtError);
    expect(error.code).toBe('ERR_JWT_CLAIM_INVALID');
    expect(error.message).toBe(
      `the token's "typ" header is "JWT", not that of an access token (at+jwt); to validate an ID token, pass { tokenType: 'id_token' }`,
    );
  });

  it('the client id is not an access-token audience', async () => {
    const error = await rejectionOf(withApi().validateJwt(await accessToken({ aud: fx.device.clientId })));
    expect(error.code).toBe('ERR_JWT_CLAIM_INVALID');
    expect(error.message).toContain('"aud"');
  });

  it('without a configured audience, an access token cannot be validated, and the error says what to set', async () => {
    const error = await rejectionOf(fx.auth.validateJwt(await accessToken({ aud: fx.device.clientId })));
    expect(error).toBeInstanceOf(OnesConfigError);
    expect(error.code).toBe('ERR_CONFIG_INVALID');
    expect(error.message).toContain('set resources in authJwtProperties, or pass { audience }');
  });

  it.each(['logout+jwt', 'at+jwt', 'secevent+jwt', 'JWT+extra'])('typ %s is not an ID token', async (typ) => {
    const token = await fx.idp.signJwt(claims({ events: {} }), { typ });
    const error = await rejectionOf(fx.auth.validateJwt(token, ID_TOKEN));
    expect(error.code).toBe('ERR_JWT_CLAIM_INVALID');
    expect(error.message).toContain('"typ" header');
  });

  it('an ID token with several audiences needs azp naming this client', async () => {
    const audiences = [fx.device.clientId, 'another-client'];
    const foreign = await fx.idp.signJwt(claims({ aud: audiences, azp: 'another-client' }));
    expect((await rejectionOf(fx.auth.validateJwt(foreign, ID_TOKEN))).message).toBe(
      'the token\'s "azp" claim names another client ("another-client")',
    );
    const missing = await fx.idp.signJwt(claims({ aud: audiences }));
    expect((await rejectionOf(fx.auth.validateJwt(missing, ID_TOKEN))).message).toBe(
      'the token has several audiences but no "azp" claim naming this client',
    );
    const ours = await fx.idp.signJwt(claims({ aud: audiences, azp: fx.device.clientId }));
    await expect(fx.auth.validateJwt(ours, ID_TOKEN)).resolves.toMatchObject({ sub: 'user-alice' });
  });

  it('an access token issued to another client is refused, unless that client is an authorized party', async () => {
    const auth = withApi();
    for (const claim of ['client_id', 'azp']) {
      const theirs = await accessToken({ [claim]: 'partner-app' });
      const error = await rejectionOf(auth.validateJwt(theirs));
      expect(error.code).toBe('ERR_JWT_CLAIM_INVALID');
      expect(error.message).toBe(
        `the token's "${claim}" claim names another client ("partner-app"); pass { authorizedParties } to accept tokens issued to it`,
      );
      await expect(auth.validateJwt(theirs, { authorizedParties: ['partner-app'] })).resolves.toMatchObject({
        sub: 'user-alice',
      });
    }
  });

  it('an access token must name its client (client_id, RFC 9068), as a string', async () => {
    const auth = withApi();
    const nameless = await accessToken({ client_id: undefined });
    expect((await rejectionOf(auth.validateJwt(nameless))).message).toBe(
      'the token\'s "client_id" claim is not acceptable (missing)',
    );
    const listed = await accessToken({ client_id: [fx.device.clientId] });
    expect((await rejectionOf(auth.validateJwt(listed))).code).toBe('ERR_JWT_CLAIM_INVALID');
  });

  it('passing the client id as an audience does not make it an access-token audience', async () => {
    const forClient = await accessToken({ aud: fx.device.clientId });
    const error = await rejectionOf(withApi().validateJwt(forClient, { audience: [fx.device.clientId] }));
    expect(error.code).toBe('ERR_JWT_CLAIM_INVALID');
    expect(error.message).toContain('"aud"');
  });

  it('a logout token without typ is not an ID token', async () => {
    const logout = await fx.idp.signJwt(
      claims({ events: { 'http://schemas.openid.net/event/backchannel-logout': {} }, sid: 's-1' }),
    );
    expect((await rejectionOf(fx.auth.validateJwt(logout, ID_TOKEN))).message).toBe(
      'the token has an "events" claim: it is a logout or event token, not an ID token',
    );
  });

  it('reads typ without regard to case or the application/ prefix, and only as a string', async () => {
    const auth = withApi();
    for (const typ of ['AT+JWT', 'application/at+jwt', 'Application/At+Jwt'])
      await expect(auth.validateJwt(await accessToken({}, typ))).resolves.toMatchObject({
        sub: 'user-alice',
      });
    await expect(
      fx.auth.validateJwt(await fx.idp.signJwt(claims(), { typ: 'application/jwt' }), ID_TOKEN),
    ).resolves.toMatchObject({ sub: 'user-alice' });
  });

  it('refuses options of the wrong shape instead of reading them letter by letter', async () => {
    const token = await accessToken();
    const asString = { audience: 'https://api.example.com' } as unknown as { audience: string[] };
    expect((await rejectionOf(withApi().validateJwt(token, asString))).message).toBe(
      '"options.audience" must be an array of strings',
    );
    const wrongKind = { tokenType: 'id' } as unknown as { tokenType: 'id_token' };
    expect((await rejectionOf(withApi().validateJwt(token, wrongKind))).code).toBe('ERR_VALIDATION_ARGUMENT');
  });

  it('a token without sub is refused, whatever its kind', async () => {
    const id = await fx.idp.signJwt(claims({ sub: undefined }));
    expect((await rejectionOf(fx.auth.validateJwt(id, ID_TOKEN))).message).toBe(
      'the token\'s "sub" claim is not acceptable (missing)',
    );
    const access = await accessToken({ sub: undefined });
    expect((await rejectionOf(withApi().validateJwt(access))).code).toBe('ERR_JWT_CLAIM_INVALID');
  });
});

describe('validateJwt: keys and algorithms', () => {
  it('tolerates 30 s of clock skew by default', async () => {
    await expect(
      fx.auth.validateJwt(await fx.idp.signJwt(claims({}, -320)), ID_TOKEN),
    ).resolves.toMatchObject({
      sub: 'user-alice',
    });
    const strict = fx.makeAuth({ clockToleranceSeconds: 0 });
    expect(
      (await rejectionOf(strict.validateJwt(await fx.idp.signJwt(claims({}, -305)), ID_TOKEN))).code,
    ).toBe('ERR_JWT_EXPIRED');
  });

  it('refuses alg none, HS256 and tokens signed by a key that is not the IdP', async () => {
    const unsigned = `${base64url.encode('{"alg":"none","typ":"JWT"}')}.${base64url.encode(JSON.stringify(claims()))}.`;
    expect((await rejectionOf(fx.auth.validateJwt(unsigned, ID_TOKEN))).code).toBe('ERR_JWT_INVALID');
    const hmac = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'HS256' })
      .sign(await generateSecret('HS256'));
    const hmacError = await rejectionOf(fx.auth.validateJwt(hmac, ID_TOKEN));
    expect(hmacError.code).toBe('ERR_JWT_INVALID');
    expect(hmacError.message).toBe('the token uses an algorithm that is not allowed');
    // a forger who copies the IdP's kid
    const kid = (await fx.idp.signJwt(claims())).split('.')[0] ?? '';
    const { privateKey } = await generateKeyPair('ES256');
    const header = JSON.parse(new TextDecoder().decode(base64url.decode(kid))) as { kid: string };
    const forged = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', kid: header.kid })
      .sign(privateKey);
    expect((await rejectionOf(fx.auth.validateJwt(forged, ID_TOKEN))).code).toBe('ERR_JWT_SIGNATURE_INVALID');
    for (const garbage of ['not-a-jwt', 'a.b.c', 'a.b.c.d.e'])
      expect((await rejectionOf(fx.auth.validateJwt(garbage, ID_TOKEN))).code).toBe('ERR_JWT_INVALID');
  });

  it('after the IdP rotates its keys, refetches the JWKS once for the new kid, and at most every 30 s for unknown kids', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    await fx.auth.validateJwt(await fx.idp.signJwt(claims()), ID_TOKEN);
    expect(fx.idp.count('jwks')).toBe(1);
    vi.setSystemTime(Date.now() + 31_000);
    await fx.idp.rotateSigningKeys();
    await expect(fx.auth.validateJwt(await fx.idp.signJwt(claims()), ID_TOKEN)).resolves.toMatchObject({
      sub: 'user-alice',
    });
    expect(fx.idp.count('jwks')).toBe(2);
    // a stream of tokens with unknown kids cannot make us hammer the IdP
    const { privateKey } = await generateKeyPair('ES256');
    const stranger = await new SignJWT(claims())
      .setProtectedHeader({ alg: 'ES256', kid: 'stranger' })
      .sign(privateKey);
    for (let i = 0; i < 5; i++)
      expect((await rejectionOf(fx.auth.validateJwt(stranger, ID_TOKEN))).code).toBe(
        'ERR_JWT_SIGNATURE_INVALID',
      );
    expect(fx.idp.count('jwks')).toBe(2);
    vi.setSystemTime(Date.now() + 31_000);
    await rejectionOf(fx.auth.validateJwt(stranger, ID_TOKEN));
    expect(fx.idp.count('jwks')).toBe(3);
  });

  it('tokens from a real login: each kind passes as itself and fails as the other', async () => {
    const auth = withApi();
    const login = await auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
    await fx.idp.approveLogin();
    const tokens = await auth.checkCibaStatus(login.auth_req_id);
    const idToken = tokens.id_token ?? '';
    await expect(auth.validateJwt(idToken, ID_TOKEN)).resolves.toMatchObject({ sub: 'user-alice' });
    await expect(auth.validateJwt(tokens.access_token)).resolves.toMatchObject({
      sub: 'user-alice',
      aud: API,
    });
    expect((await rejectionOf(auth.validateJwt(idToken))).code).toBe('ERR_JWT_CLAIM_INVALID');
    expect((await rejectionOf(auth.validateJwt(tokens.access_token, ID_TOKEN))).code).toBe(
      'ERR_JWT_CLAIM_INVALID',
    );
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
    await auth.validateJwt(await fx.idp.signJwt(claims()), ID_TOKEN);
    expect(seen).toEqual(['GET /oidc/.well-known/openid-configuration', 'GET /oidc/jwks']);
    const slow = fx.makeAuth({ timeoutMs: 200 });
    await slow.endpoints();
    fx.idp.failNext('jwks', { delayMs: 2_000 });
    const error = await rejectionOf(slow.validateJwt(await fx.idp.signJwt(claims()), ID_TOKEN));
    expect(error.code).toBe('ERR_TIMEOUT_REQUEST');
    expect(error.message).toBe('fetching the IdP keys (JWKS) timed out');
  });

  it('an IdP that cannot be reached, or answers a JWKS over 1 MiB, is never a verdict on the token', async () => {
    fx.idp.failNext('jwks', { networkError: true });
    const unreachable = await rejectionOf(fx.auth.validateJwt(await fx.idp.signJwt(claims()), ID_TOKEN));
    expect(unreachable).toBeInstanceOf(OnesHttpError);
    expect(unreachable.code).toBe('ERR_HTTP_NETWORK');
    fx.idp.failNext('jwks', { status: 200, body: 'x'.repeat(1_100_000), malformed: true });
    const huge = await rejectionOf(fx.auth.validateJwt(await fx.idp.signJwt(claims()), ID_TOKEN));
    expect(huge.code).toBe('ERR_VALIDATION_RESPONSE');
    expect(huge.message).toContain('GET /oidc/jwks answered with more than 1048576 bytes');
    // the same through a fetch the caller gave
    const withFetch = fx.makeAuth({ fetch: (input, init) => globalThis.fetch(input, init) });
    await withFetch.endpoints();
    fx.idp.failNext('jwks', { status: 200, body: 'x'.repeat(1_100_000), malformed: true });
    const hugeFetched = await rejectionOf(withFetch.validateJwt(await fx.idp.signJwt(claims()), ID_TOKEN));
    expect(hugeFetched.code).toBe('ERR_VALIDATION_RESPONSE');
    fx.idp.failNext('jwks', { networkError: true });
    const unreachableFetched = await rejectionOf(
      withFetch.validateJwt(await fx.idp.signJwt(claims()), ID_TOKEN),
    );
    expect(unreachableFetched.code).toBe('ERR_HTTP_NETWORK');
  });

  it('reports a JWKS the IdP cannot serve as an HTTP error, not as a bad token', async () => {
    fx.idp.failNext('jwks', { status: 503 });
    const error = await rejectionOf(fx.auth.validateJwt(await fx.idp.signJwt(claims()), ID_TOKEN));
    expect(error).toBeInstanceOf(OnesHttpError);
    expect(error.code).toBe('ERR_HTTP_STATUS');
    expect(error.message).toContain('fetching the IdP keys (JWKS) failed');
    // the next call fetches again and succeeds
    await expect(fx.auth.validateJwt(await fx.idp.signJwt(claims()), ID_TOKEN)).resolves.toMatchObject({
      sub: 'user-alice',
    });
  });
});
