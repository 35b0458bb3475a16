import { inspect } from 'node:util';
import { AuthJwtProperties, OnesHttpError, OnesOAuthError, OnesValidationError } from '@ones.dev/common';
import { describe, expect, it } from 'vitest';
import { IDP_HOST, rejectionOf, useIdpFixture } from '../../test/support/idp-fixture.js';

const fx = useIdpFixture();

/** Everything an error holds, as a logger that prints at any depth would show it. */
const everything = (error: unknown) =>
  inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true, getters: true });

describe('no secret in any error, at any depth', () => {
  it.each([
    ['a dropped connection', { networkError: true }, 'ERR_HTTP_NETWORK'],
    ['a timeout', { delayMs: 1_000 }, 'ERR_TIMEOUT_REQUEST'],
  ] as const)(
    '%s on a bearer-authenticated call keeps the device access token out',
    async (_case, failure, code) => {
      const { access_token } = await fx.auth.makeDeviceAccessToken();
      fx.idp.failNext('qr-session-create', failure);
      const error = await rejectionOf(fx.auth.makeQrAuthSessionIdp({ timeoutMs: 100 }));
      expect(error.code).toBe(code);
      expect(error.cause).toBeInstanceOf(Error);
      expect(everything(error)).not.toContain(access_token);
      expect(everything(error)).not.toMatch(/authorization/i);
    },
  );

  it('a token answer that fails validation does not carry the tokens it had', async () => {
    const { access_token } = await fx.auth.makeDeviceAccessToken();
    fx.auth.forgetDeviceAccessToken();
    fx.idp.failNext('token', {
      status: 200,
      body: { access_token: `${access_token}-2`, refresh_token: 'rt-secret-1', token_type: 42 },
    });
    const error = await rejectionOf(fx.auth.makeDeviceAccessToken());
    expect(error).toBeInstanceOf(OnesValidationError);
    expect(error.message).toBe('POST /oidc/token: "token_type" is missing or malformed');
    expect(everything(error)).not.toContain(access_token);
    expect(everything(error)).not.toContain('rt-secret-1');
  });

  it('IdP error bodies keep their OAuth fields, with every token-like field redacted', async () => {
    const secrets = {
      access_token: 'at-secret',
      refresh_token: 'rt-secret',
      id_token: 'eyJ.secret.id',
      client_assertion: 'eyJ.secret.assertion',
      assertion: 'eyJ.secret.jwt-bearer',
    };
    fx.idp.failNext('token', {
      status: 400,
      body: {
        error: 'invalid_grant',
        error_description: 'refresh token reused',
        ...secrets,
        nested: { ...secrets },
      },
    });
    const error = await rejectionOf(fx.auth.refreshAccessToken('rt-old'));
    expect(error).toBeInstanceOf(OnesOAuthError);
    expect(error.code).toBe('ERR_OAUTH_INVALID_GRANT');
    const redacted = Object.fromEntries(Object.keys(secrets).map((name) => [name, '[redacted]']));
    expect(error.response).toEqual({
      status: 400,
      data: {
        error: 'invalid_grant',
        error_description: 'refresh token reused',
        ...redacted,
        nested: redacted,
      },
    });
    for (const secret of Object.values(secrets)) expect(everything(error)).not.toContain(secret);
  });

  it('a huge JSON error body is capped like a text one, keeping the OAuth error', async () => {
    fx.idp.failNext('token', {
      status: 400,
      body: {
        error: 'invalid_request',
        padding: 'x'.repeat(100_000),
        list: Array.from({ length: 5000 }, (_, i) => i),
      },
    });
    const long = await rejectionOf(fx.auth.refreshAccessToken('rt-old'));
    expect(long.code).toBe('ERR_OAUTH_INVALID_REQUEST');
    const { data } = long.response as OnesOAuthError['response'];
    expect(data).toEqual({
      error: 'invalid_request',
      padding: 'x'.repeat(600),
      list: Array.from({ length: 20 }, (_, i) => i),
    });

    const wide = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`field${i}`, i]));
    fx.idp.failNext('token', {
      status: 400,
      body: { ...wide, error: 'invalid_grant', error_description: 'reused' },
    });
    const error = await rejectionOf(fx.auth.refreshAccessToken('rt-old'));
    expect((error.response as OnesOAuthError['response']).data).toEqual({
      error: 'invalid_grant',
      error_description: 'reused',
    });
    expect(everything(error).length).toBeLessThan(10_000);
  });

  it('a huge text error body is cut at 500 characters', async () => {
    fx.idp.failNext('token', { status: 502, body: 'y'.repeat(100_000), malformed: true });
    const error = await rejectionOf(fx.auth.refreshAccessToken('rt-old'));
    expect(error).toBeInstanceOf(OnesHttpError);
    expect((error.response as OnesHttpError['response'])?.data).toBe('y'.repeat(500));
  });

  it('a refused JWT does not carry its claims', async () => {
    const auth = fx.makeAuth({
      authJwtProperties: new AuthJwtProperties({
        bindingMessage: 'Log in',
        resources: ['https://api.example'],
      }),
    });
    const now = Math.floor(Date.now() / 1000);
    const token = await fx.idp.signJwt(
      {
        iss: `${IDP_HOST}/oidc`,
        sub: 'user-alice',
        aud: 'https://api.example',
        iat: now - 900,
        exp: now - 600,
        email: 'alice@secret.example',
      },
      { typ: 'at+jwt' },
    );
    const error = await rejectionOf(auth.validateJwt(token));
    expect(error.code).toBe('ERR_JWT_EXPIRED');
    expect(everything(error)).not.toContain('alice@secret.example');
    expect(everything(error)).not.toContain(token.split('.')[1]);
  });

  it('a custom fetch whose error holds the request cannot leak it', async () => {
    const { access_token } = await fx.auth.makeDeviceAccessToken();
    const leaky: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (new URL(request.url).pathname === '/qr-auth/sessions')
        throw Object.assign(new TypeError('fetch failed'), {
          request,
          authorization: request.headers.get('authorization'),
        });
      return fetch(request);
    };
    const auth = fx.makeAuth({ fetch: leaky });
    await auth.makeDeviceAccessToken();
    const error = await rejectionOf(auth.makeQrAuthSessionIdp());
    expect(error.code).toBe('ERR_HTTP_NETWORK');
    expect(everything(error)).not.toContain(access_token);
    expect(everything(error)).not.toMatch(/Bearer/);
  });
});
