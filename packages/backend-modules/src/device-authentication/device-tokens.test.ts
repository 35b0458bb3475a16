import {
  AuthJwtProperties,
  OnesConfigError,
  OnesHttpError,
  OnesOAuthError,
  OnesSignerError,
  OnesTimeoutError,
  OnesValidationError,
} from '@ones.dev/common';
import { describe, expect, it, vi } from 'vitest';
import {
  decodeJwt,
  IDP_HOST,
  rejectionOf,
  SIGNER_URL,
  useIdpFixture,
} from '../../test/support/idp-fixture.js';
import { createDeviceIdentitySigningFunction } from '../signing/device-identity-signing-function.js';
import type { SigningFunction } from '../signing/signing-function.js';
import { DeviceAuthentication } from './device-authentication.js';
import type { OnesLogEvent } from './device-authentication-options.js';

const fx = useIdpFixture();

describe('makeDeviceJwt', () => {
  it('signs an RFC 7523 assertion through the device signer: iss = sub = client id, aud = issuer, fresh jti, 60 s', async () => {
    const jwt = await fx.auth.makeDeviceJwt();
    const { header, payload } = decodeJwt(jwt);
    expect(header).toEqual({ alg: 'ES256', typ: 'JWT' });
    expect(payload).toMatchObject({
      iss: fx.device.clientId,
      sub: fx.device.clientId,
      aud: `${IDP_HOST}/oidc`,
    });
    expect((payload.exp as number) - (payload.iat as number)).toBe(60);
    expect(decodeJwt(await fx.auth.makeDeviceJwt()).payload.jti).not.toBe(payload.jti);
    expect(fx.signer.received[0]).toEqual({
      deviceId: fx.device.deviceId,
      message: jwt.split('.').slice(0, 2).join('.'),
    });
    expect(fx.idp.count('discovery')).toBe(1);
  });

  it('explains a signer that is down, naming px-device-identity-service', async () => {
    fx.signer.failNext({ networkError: true });
    const error = await rejectionOf(fx.auth.makeDeviceJwt());
    expect(error).toBeInstanceOf(OnesSignerError);
    expect(error.code).toBe('ERR_SIGNER_UNAVAILABLE');
    expect(error.message).toBe(
      `the device signer at ${SIGNER_URL} could not be reached: is px-device-identity-service running?`,
    );
  });
});

describe('custom signing functions', () => {
  const sign = (signingFunction: SigningFunction, timeoutMs = 10_000) =>
    fx.makeAuth({ functions: { signingFunction }, timeoutMs }).makeDeviceJwt();

  it('one that never answers fails with ERR_SIGNER_UNAVAILABLE at the instance timeout', async () => {
    const error = await rejectionOf(sign(() => new Promise<string>(() => {}), 100));
    expect(error).toBeInstanceOf(OnesSignerError);
    expect(error.code).toBe('ERR_SIGNER_UNAVAILABLE');
    expect(error.message).toBe('the signing function did not answer within 100 ms');
  });

  it('one that throws, or returns something that is not a signature, gets a signer error', async () => {
    const thrown = await rejectionOf(
      sign(async () => {
        throw new Error('KMS says no');
      }),
    );
    expect(thrown.code).toBe('ERR_SIGNER_UNAVAILABLE');
    expect((thrown.cause as Error).message).toBe('KMS says no');
    expect((await rejectionOf(sign(async () => 'not base64url!'))).code).toBe('ERR_SIGNER_RESPONSE_INVALID');
    expect((await rejectionOf(sign(async () => 'AAAA'))).message).toContain('3-byte signature');
  });

  it('one that returns DER is normalised to JOSE, and the IdP accepts it', async () => {
    const { createKeySigningFunction } = await import('../signing/key-signing-function.js');
    const jose = createKeySigningFunction(fx.device.privateKeyPem);
    const derSigning: SigningFunction = async (request) => {
      const raw = Buffer.from(await jose(request), 'base64url');
      const integer = (bytes: Buffer) => {
        let body = [...bytes];
        while (body.length > 1 && body[0] === 0) body = body.slice(1);
        if ((body[0] ?? 0) & 0x80) body.unshift(0);
        return [0x02, body.length, ...body];
      };
      const seq = [...integer(raw.subarray(0, 32)), ...integer(raw.subarray(32))];
      return Buffer.from([0x30, seq.length, ...seq]).toString('base64url');
    };
    const auth = fx.makeAuth({ functions: { signingFunction: derSigning } });
    await expect(auth.makeDeviceAccessToken()).resolves.toMatchObject({ access_token: expect.any(String) });
  });
});

describe('makeDeviceAccessToken', () => {
  it('asks for client_credentials with the assertion and returns the token the IdP issued', async () => {
    const { access_token: token, expires_in, token_type } = await fx.auth.makeDeviceAccessToken();
    expect(token_type).toBe('Bearer');
    // what is left of the IdP's 300 s, counted in whole seconds from when it arrived (a loaded machine
    // may cross a second boundary between the two)
    expect(expires_in === 300 || expires_in === 299).toBe(true);
    const [request] = fx.idp.received.filter((r) => r.endpoint === 'token');
    expect(request?.form).toMatchObject({
      grant_type: 'client_credentials',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    });
    expect(request?.assertionClaims).toMatchObject({ iss: fx.device.clientId, aud: fx.idp.issuer });
    expect((await fx.auth.tokenIntrospection(token)).active).toBe(true);
  });

  it('1,000 concurrent callers share one token request, and the cached token is reused', async () => {
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => fx.auth.makeDeviceAccessToken()));
    expect(new Set(tokens.map((token) => token.access_token)).size).toBe(1);
    await fx.auth.makeDeviceAccessToken();
    expect(fx.idp.count('token')).toBe(1);
  });

  it('counts expires_in down from the cached token, and asks for a new one 30 s before it ends', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const first = await fx.auth.makeDeviceAccessToken();
      expect(first.expires_in).toBe(300);
      vi.setSystemTime(Date.now() + 100_000);
      expect(await fx.auth.makeDeviceAccessToken()).toEqual({ ...first, expires_in: 200 });
      vi.setSystemTime(Date.now() + 169_500);
      expect((await fx.auth.makeDeviceAccessToken()).expires_in).toBe(30);
      expect(fx.idp.count('token')).toBe(1);
      vi.setSystemTime(Date.now() + 1_000);
      const renewed = await fx.auth.makeDeviceAccessToken();
      expect(renewed.access_token).not.toBe(first.access_token);
      expect(renewed.expires_in).toBe(300);
      expect(fx.idp.count('token')).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it('asks again after forgetDeviceAccessToken, and after a failed request', async () => {
    await fx.auth.makeDeviceAccessToken();
    fx.auth.forgetDeviceAccessToken();
    fx.idp.failNext('token', { status: 500, body: { message: 'boom' } });
    const error = await rejectionOf(fx.auth.makeDeviceAccessToken());
    expect(error).toBeInstanceOf(OnesHttpError);
    expect(error.response).toEqual({ status: 500, data: { message: 'boom' } });
    await fx.auth.makeDeviceAccessToken();
    expect(fx.idp.count('token')).toBe(3);
  });

  it('reports an assertion the IdP refuses as ERR_OAUTH_INVALID_CLIENT (a device with another key)', async () => {
    const { createTestDevice } = await import('@ones.dev/testing');
    const { createKeySigningFunction } = await import('../signing/key-signing-function.js');
    const impostor = await createTestDevice();
    const auth = fx.makeAuth({
      functions: { signingFunction: createKeySigningFunction(impostor.privateKeyPem) },
    });
    const error = await rejectionOf(auth.makeDeviceAccessToken());
    expect(error).toBeInstanceOf(OnesOAuthError);
    expect(error.code).toBe('ERR_OAUTH_INVALID_CLIENT');
    expect((error.response as { status: number }).status).toBe(401);
  });

  it.each([
    [
      'a malformed body',
      { status: 200, body: '{"access_token":', malformed: true },
      'ERR_VALIDATION_RESPONSE',
    ],
    [
      'an answer without access_token',
      { status: 200, body: { token_type: 'Bearer' } },
      'ERR_VALIDATION_RESPONSE',
    ],
    ['a dropped connection', { networkError: true }, 'ERR_HTTP_NETWORK'],
  ])('turns %s into a typed error', async (_, failure, code) => {
    fx.idp.failNext('token', failure);
    const error = await rejectionOf(fx.auth.makeDeviceAccessToken());
    expect(error.code).toBe(code);
  });

  it('a caller that aborts stops only its own wait (discovery and token request are shared)', async () => {
    fx.idp.failNext('token', {
      delayMs: 200,
      status: 200,
      body: { access_token: 'shared-token', token_type: 'Bearer', expires_in: 300 },
    });
    const controller = new AbortController();
    const impatient = fx.auth.makeDeviceAccessToken({ signal: controller.signal });
    const patient = fx.auth.makeDeviceAccessToken();
    controller.abort();
    expect((await rejectionOf(impatient)).code).toBe('ERR_ABORTED');
    await expect(patient).resolves.toMatchObject({ access_token: 'shared-token' });
    expect(fx.idp.count('token')).toBe(1);
  });

  it('a per-call timeoutMs shortens the request timeout', async () => {
    await fx.auth.endpoints();
    fx.idp.failNext('introspection', { delayMs: 1_000 });
    const error = await rejectionOf(fx.auth.tokenIntrospection('some-token', { timeoutMs: 50 }));
    expect(error).toBeInstanceOf(OnesTimeoutError);
    expect(error.message).toBe('POST /oidc/token/introspection timed out');
    expect((await rejectionOf(fx.auth.tokenIntrospection('some-token', { timeoutMs: -1 }))).code).toBe(
      'ERR_VALIDATION_ARGUMENT',
    );
  });

  it('times out a slow IdP with ERR_TIMEOUT_REQUEST', async () => {
    const auth = fx.makeAuth({ timeoutMs: 100 });
    fx.idp.failNext('discovery', { delayMs: 1_000 });
    const error = await rejectionOf(auth.makeDeviceAccessToken());
    expect(error).toBeInstanceOf(OnesTimeoutError);
    expect(error.message).toBe('GET /oidc/.well-known/openid-configuration timed out');
  });

  it('names the field when discovery is malformed, and retries discovery next time', async () => {
    fx.idp.failNext('discovery', { status: 200, body: { issuer: `${IDP_HOST}/oidc` } });
    const error = await rejectionOf(fx.auth.makeDeviceAccessToken());
    expect(error).toBeInstanceOf(OnesValidationError);
    expect(error.message).toBe(
      'GET /oidc/.well-known/openid-configuration: "token_endpoint" is missing or malformed',
    );
    await expect(fx.auth.makeDeviceAccessToken()).resolves.toMatchObject({
      access_token: expect.any(String),
    });
  });
});

describe('endpoints', () => {
  it('refuses a discovery document from another issuer (OpenID Discovery §4.3)', async () => {
    fx.idp.failNext('discovery', {
      status: 200,
      body: {
        issuer: 'https://evil.example/oidc',
        token_endpoint: 'https://evil.example/oidc/token',
        jwks_uri: 'https://evil.example/oidc/jwks',
      },
    });
    const error = await rejectionOf(fx.auth.makeDeviceAccessToken());
    expect(error).toBeInstanceOf(OnesValidationError);
    expect(error.message).toBe(
      'discovery: "issuer" is "https://evil.example/oidc" but the IdP is "https://id.example/oidc"',
    );
    expect(fx.idp.count('token')).toBe(0);
  });

  it('uses an overridden endpoint instead of the discovered one', async () => {
    const auth = fx.makeAuth({
      endpoints: { introspection: `${IDP_HOST}/oidc/token/introspection?via=override` },
    });
    const seen: string[] = [];
    const spying = fx.makeAuth({
      endpoints: { introspection: `${IDP_HOST}/oidc/token/introspection?via=override` },
      fetch: async (input, init) => {
        seen.push(input instanceof Request ? input.url : String(input));
        return fetch(input, init);
      },
    });
    await expect(auth.endpoints()).resolves.toMatchObject({
      introspection: `${IDP_HOST}/oidc/token/introspection?via=override`,
      token: `${IDP_HOST}/oidc/token`,
    });
    await spying.tokenIntrospection('some-token');
    expect(seen).toContain(`${IDP_HOST}/oidc/token/introspection?via=override`);
  });
});

describe('tokenIntrospection and refreshAccessToken', () => {
  it('introspection says an unknown token is inactive', async () => {
    await expect(fx.auth.tokenIntrospection('not-a-token')).resolves.toEqual({ active: false });
    const [request] = fx.idp.received.filter((r) => r.endpoint === 'introspection');
    expect(request?.form.token).toBe('not-a-token');
    expect(request?.assertionClaims?.sub).toBe(fx.device.clientId);
  });

  it('refresh returns new tokens once; the refresh token cannot be used twice', async () => {
    const login = await fx.auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
    await fx.idp.approveLogin({ authReqId: login.auth_req_id });
    const tokens = await fx.auth.checkCibaStatus(login.auth_req_id);
    const refreshed = await fx.auth.refreshAccessToken(tokens.refresh_token ?? '');
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    const tokenRequests = fx.idp.received.filter((r) => r.endpoint === 'token');
    expect(tokenRequests.at(-1)?.form).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    const error = await rejectionOf(fx.auth.refreshAccessToken(tokens.refresh_token ?? ''));
    expect(error.code).toBe('ERR_OAUTH_INVALID_GRANT');
  });

  it('rejects empty arguments before sending, naming them', async () => {
    expect((await rejectionOf(fx.auth.tokenIntrospection(''))).message).toBe(
      '"token" must be a non-empty string',
    );
    expect((await rejectionOf(fx.auth.refreshAccessToken(''))).message).toBe(
      '"refreshToken" must be a non-empty string',
    );
    expect(fx.idp.received).toHaveLength(0);
  });
});

describe('revokeToken (RFC 7009)', () => {
  it('without a revocation endpoint from discovery or the options, rejects naming the option to set', async () => {
    const error = await rejectionOf(fx.auth.revokeToken('some-token'));
    expect([error.name, error.code, error.message]).toEqual([
      'OnesConfigError',
      'ERR_CONFIG_INVALID',
      'the IdP advertises no revocation_endpoint; set it with the "endpoints.revocation" option',
    ]);
  });

  it('posts the token, its hint and the device assertion; an empty 200 is success', async () => {
    const revocation = `${IDP_HOST}/oidc/token/revocation`;
    const sent: URLSearchParams[] = [];
    const auth = new DeviceAuthentication({
      name: 'shop',
      idpBaseUrl: IDP_HOST,
      deviceId: fx.device.deviceId,
      deviceClientId: fx.device.clientId,
      deviceKeyType: fx.device.keyType,
      functions: { signingFunction: createDeviceIdentitySigningFunction() },
      deviceIdentityUrl: SIGNER_URL,
      authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Log in' }),
      endpoints: { revocation },
      fetch: async (input, init) => {
        const url = input instanceof Request ? input.url : String(input);
        if (url !== revocation) return fetch(input, init);
        sent.push(new URLSearchParams(await new Request(input, init).text()));
        return new Response('', { status: 200 });
      },
    });
    await expect(auth.revokeToken('a-refresh-token', 'refresh_token')).resolves.toBeUndefined();
    expect(sent[0]?.get('token')).toBe('a-refresh-token');
    expect(sent[0]?.get('token_type_hint')).toBe('refresh_token');
    expect(decodeJwt(sent[0]?.get('client_assertion') ?? '').payload.sub).toBe(fx.device.clientId);
  });
});

describe('constructor', () => {
  it.each([
    [{ deviceId: '' }, '"deviceId" must be a non-empty string'],
    [{ idpBaseUrl: 'id.example' }, '"idpBaseUrl" must be an absolute http(s) URL'],
    [{ idpBaseUrl: 'https://user:pass@id.example' }, '"idpBaseUrl" must not contain a user name or password'],
    [{ idpBaseUrl: 'https://id.example/?x=1' }, '"idpBaseUrl" must have no query or fragment'],
    [{ deviceIdentityUrl: 'http://:secret@127.0.0.1:8000/sign' }, '"deviceIdentityUrl" must not contain'],
    [
      { deviceKeyType: 'DSA:1024' },
      '"deviceKeyType" must be RSA:2048|3072|4096 or ECC:p256|p384|p521 (got "DSA:1024")',
    ],
    [{ functions: {} }, '"functions.signingFunction" must be a function'],
  ])('rejects bad options at once, naming them (%j)', (override, message) => {
    const build = () =>
      new DeviceAuthentication({
        name: 'shop',
        idpBaseUrl: IDP_HOST,
        deviceId: 'd',
        deviceClientId: 'c',
        functions: { signingFunction: async () => '' },
        deviceIdentityUrl: SIGNER_URL,
        authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Log in' }),
        ...(override as object),
      });
    expect(build).toThrow(OnesConfigError);
    expect(build).toThrow(message);
  });

  it('keeps its own copy of the options: changing the object afterwards changes nothing', async () => {
    const options = {
      name: 'shop',
      idpBaseUrl: IDP_HOST,
      deviceId: fx.device.deviceId,
      deviceClientId: fx.device.clientId,
      functions: { signingFunction: createDeviceIdentitySigningFunction() },
      deviceIdentityUrl: SIGNER_URL,
      authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Log in' }),
      endpoints: {},
    };
    const auth = new DeviceAuthentication(options);
    Object.assign(options, {
      idpBaseUrl: 'https://evil.example',
      deviceClientId: 'someone-else',
      deviceId: 'x',
    });
    Object.assign(options.functions, { signingFunction: async () => 'AAAA' });
    Object.assign(options.endpoints, { token: 'https://evil.example/token' });
    const { access_token } = await auth.makeDeviceAccessToken();
    expect(access_token).toEqual(expect.any(String));
    expect(fx.idp.received.find((r) => r.endpoint === 'token')?.assertionClaims).toMatchObject({
      iss: fx.device.clientId,
    });
  });

  it.each([`${IDP_HOST}/oidc`, `${IDP_HOST}/oidc/`])(
    'takes the issuer %s pasted as idpBaseUrl for what it is, says so, and logs in',
    async (issuer) => {
      const events: OnesLogEvent[] = [];
      const auth = fx.makeAuth({ idpBaseUrl: issuer, logger: (event) => events.push(event) });
      expect(events).toEqual([
        {
          level: 'warn',
          message: `test-shop: "idpBaseUrl" ends with /oidc, which is the issuer: using ${IDP_HOST} as the IdP base URL (the host in device.yml); pass that to silence this`,
        },
      ]);
      const { access_token } = await auth.makeDeviceAccessToken();
      expect((await auth.tokenIntrospection(access_token)).active).toBe(true);
      await expect(auth.makeQrAuthSessionIdp()).resolves.toMatchObject({ status: 'pending' });
      expect(fx.idp.received.map((r) => r.path)).not.toContainEqual(expect.stringContaining('/oidc/oidc'));
    },
  );
});

describe('every device key type', () => {
  it.each([
    ['RSA:2048', 'raw'],
    ['ECC:p256', 'der'],
    ['ECC:p384', 'raw'],
    ['ECC:p384', 'der'],
    ['ECC:p521', 'raw'],
    ['ECC:p521', 'der'],
  ] as const)(
    '%s with a %s signer: device token, CIBA login and validated ID token',
    async (keyType, signerEncoding) => {
      await fx.useDevice({ keyType, signerEncoding });
      const { access_token: accessToken } = await fx.auth.makeDeviceAccessToken();
      const alg = { 'RSA:2048': 'RS256', 'ECC:p256': 'ES256', 'ECC:p384': 'ES384', 'ECC:p521': 'ES512' }[
        keyType
      ];
      expect(
        decodeJwt(fx.idp.received.find((r) => r.endpoint === 'token')?.form.client_assertion ?? '').header
          .alg,
      ).toBe(alg);
      const login = await fx.auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'bob' } });
      expect(fx.idp.cibaRequest(login.auth_req_id)?.user.sub).toBe('user-bob');
      await fx.idp.approveLogin({ authReqId: login.auth_req_id });
      const tokens = await fx.auth.checkCibaStatus(login.auth_req_id);
      await expect(
        fx.auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' }),
      ).resolves.toMatchObject({
        sub: 'user-bob',
      });
      expect((await fx.auth.tokenIntrospection(accessToken)).active).toBe(true);
    },
  );
});
