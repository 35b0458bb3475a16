import {
  type AuthJwtProperties,
  type CibaAuthenticationResponse,
  isOnesError,
  type PollOptions,
  pollUntil,
  type TokenIntrospectionResponse,
  type TokenResponse,
  unixTimeInSeconds,
} from '@ones.dev/common';
import {
  CibaAuthenticationResponseSchema,
  TokenIntrospectionResponseSchema,
  TokenResponseSchema,
} from '@ones.dev/common/schemas';
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import {
  buildCibaRequestClaims,
  checkCibaRequest,
  type MakeCibaRequestParameters,
} from '../ciba/build-ciba-request-claims.js';
import { CibaPollGuard } from '../ciba/ciba-poll-guard.js';
import { discoverEndpoints, type IdpEndpoints } from '../discovery/discovery.js';
import { IdpHttpClient } from '../http/idp-http-client.js';
import { abortable } from '../internal/abortable.js';
import { requireNonEmpty } from '../internal/require-non-empty.js';
import { signCompactJwt } from '../jwt/sign-compact-jwt.js';
import { type ValidatedJwtClaims, verifyJwt } from '../jwt/validate-jwt.js';
import { type JwsAlgorithm, jwsAlgorithmForKeyType } from '../signing/jws-algorithm.js';
import { withSigningDeadline } from '../signing/with-signing-deadline.js';
import { DeviceAccessTokenCache } from './device-access-token-cache.js';
import {
  checkDeviceAuthenticationOptions,
  type DeviceAuthenticationOptions,
  type OnesLogEvent,
} from './device-authentication-options.js';

/**
 * Options every network method accepts.
 *
 * @example
 * ```ts
 * import type { CallOptions } from '@ones.dev/backend-modules';
 * const options: CallOptions = { signal: AbortSignal.timeout(5_000) };
 * ```
 */
export interface CallOptions {
  /** Aborts the call; it then rejects with `ERR_ABORTED`. */
  readonly signal?: AbortSignal;
  /** Milliseconds for each IdP request of this call, when shorter than the instance's `timeoutMs`. */
  readonly timeoutMs?: number;
}

/**
 * Options of {@link DeviceAuthentication.validateJwt}.
 *
 * @example
 * ```ts
 * import type { ValidateJwtOptions } from '@ones.dev/backend-modules';
 * const forMyApi: ValidateJwtOptions = { tokenType: 'access_token', audience: ['https://api.example.com'] };
 * ```
 */
export interface ValidateJwtOptions {
  /** Stops waiting (`ERR_ABORTED`). */
  readonly signal?: AbortSignal;
  /** Audiences accepted besides the client id and the configured resources (not for ID tokens). */
  readonly audience?: readonly string[];
  /** The kind of token expected; default: either. */
  readonly tokenType?: 'access_token' | 'id_token';
}

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const CIBA_GRANT_TYPE = 'urn:openid:params:grant-type:ciba';
const ASSERTION_LIFETIME_SECONDS = 60;

/**
 * A customer backend's identity at OnesID, and everything it does with it: device assertions, device
 * access tokens, introspection, CIBA logins, refresh and JWT validation. One instance per device;
 * state (discovery, token, JWKS) is cached per instance.
 *
 * @example
 * ```ts
 * import { AuthJwtProperties } from '@ones.dev/common';
 * import { DeviceAuthentication, deviceIdentitySigningFunction } from '@ones.dev/backend-modules';
 * const auth = new DeviceAuthentication({
 *   name: 'shop',
 *   idpBaseUrl: 'https://id.example',
 *   deviceId: 'device-1',
 *   deviceClientId: 'client-1',
 *   functions: { signingFunction: deviceIdentitySigningFunction },
 *   deviceIdentityUrl: 'http://127.0.0.1:8000/sign',
 *   authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Authorize login to Example.com' }),
 * });
 * const login = await auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
 * const tokens = await auth.waitForCibaTokens(login);
 * const claims = await auth.validateJwt(tokens.id_token ?? '');
 * ```
 */
export class DeviceAuthentication {
  readonly #settings: ReturnType<typeof checkDeviceAuthenticationOptions>;
  readonly #options: DeviceAuthenticationOptions;
  readonly #alg: JwsAlgorithm;
  readonly #http: IdpHttpClient;
  readonly #tokens = new DeviceAccessTokenCache();
  readonly #cibaPolls = new CibaPollGuard();
  #endpoints: Promise<IdpEndpoints> | undefined;
  #jwks: JWTVerifyGetKey | undefined;

  constructor(options: DeviceAuthenticationOptions) {
    this.#settings = checkDeviceAuthenticationOptions(options);
    this.#options = options;
    this.#alg = jwsAlgorithmForKeyType(options.deviceKeyType ?? 'RSA:2048');
    this.#http = new IdpHttpClient({
      timeoutMs: this.#settings.timeoutMs,
      fetch: options.fetch,
      ky: options.ky,
    });
  }

  /** The CIBA defaults this instance was built with. */
  get authJwtProperties(): AuthJwtProperties {
    return this.#options.authJwtProperties;
  }

  #log(level: OnesLogEvent['level'], message: string): void {
    this.#options.logger?.({ level, message: `${this.#settings.name}: ${message}` });
  }

  /**
   * The IdP endpoints, discovered once per instance and shared by concurrent callers (a failed
   * discovery is retried next time). A caller's `signal` stops only its own wait.
   *
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const { token, jwks } = await auth.endpoints();
   * ```
   */
  endpoints(options: CallOptions = {}): Promise<IdpEndpoints> {
    this.#endpoints ??= discoverEndpoints(
      this.#http,
      this.#settings.host,
      this.#options.endpoints ?? {},
    ).catch((error: unknown) => {
      this.#endpoints = undefined;
      throw error;
    });
    return abortable(this.#endpoints, options.signal, 'discovering the IdP endpoints');
  }

  /**
   * Signs with the configured signing function, bounded by the instance timeout and `signal` even
   * when a custom signing function ignores them, so that every wait settles.
   */
  #sign(claims: Record<string, unknown>, signal: AbortSignal | undefined): Promise<string> {
    const { deviceId, deviceIdentityUrl, timeoutMs } = this.#settings;
    return signCompactJwt(this.#alg, claims, (message) =>
      withSigningDeadline(
        (deadline) =>
          this.#options.functions.signingFunction({
            message,
            alg: this.#alg,
            deviceId,
            deviceIdentityUrl,
            signal: deadline,
          }),
        this.#alg,
        timeoutMs,
        signal,
      ),
    );
  }

  /**
   * Makes the device's client assertion (RFC 7523): `iss = sub = clientId`, `aud` = the issuer, a
   * fresh `jti`, valid for 60 s, signed by the signing function with the device key's `alg`.
   *
   * @returns the compact JWT
   * @throws OnesSignerError `ERR_SIGNER_UNAVAILABLE`/`ERR_SIGNER_RESPONSE_INVALID`; discovery errors
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const assertion = await auth.makeDeviceJwt();
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
   */
  async makeDeviceJwt(options: CallOptions = {}): Promise<string> {
    const { issuer } = await this.endpoints(options);
    const { clientId } = this.#settings;
    const iat = unixTimeInSeconds();
    return this.#sign(
      {
        iss: clientId,
        sub: clientId,
        aud: issuer,
        iat,
        exp: iat + ASSERTION_LIFETIME_SECONDS,
        jti: crypto.randomUUID(),
      },
      options.signal,
    );
  }

  async #clientAuthentication(options: CallOptions): Promise<Record<string, string>> {
    return {
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await this.makeDeviceJwt(options),
    };
  }

  async #tokenRequest(form: Record<string, string>, options: CallOptions): Promise<TokenResponse> {
    const { token } = await this.endpoints(options);
    const body = { ...form, ...(await this.#clientAuthentication(options)) };
    const { data } = await this.#http.send({
      method: 'POST',
      url: token,
      form: body,
      schema: TokenResponseSchema,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    return data;
  }

  /**
   * Returns a device access token (client_credentials), cached until shortly before it expires;
   * concurrent callers share one token request.
   *
   * @returns the access token
   * @throws OnesOAuthError (e.g. `ERR_OAUTH_INVALID_CLIENT`), OnesHttpError, OnesTimeoutError, OnesSignerError
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const accessToken = await auth.makeDeviceAccessToken();
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
   */
  makeDeviceAccessToken(options: CallOptions = {}): Promise<string> {
    // The shared request must not die with one caller's signal; each caller's own wait is abortable.
    return this.#tokens.get(async () => {
      this.#log('debug', 'requesting a device access token');
      const answer = await this.#tokenRequest({ grant_type: 'client_credentials' }, {});
      return { token: answer.access_token, expiresIn: answer.expires_in ?? 300 };
    }, options.signal);
  }

  /** Forgets the cached device access token (after the IdP rejected it). */
  forgetDeviceAccessToken(): void {
    this.#tokens.clear();
  }

  /**
   * Asks the IdP whether a token is active (RFC 7662), authenticated with the device assertion.
   *
   * @param token - the token to introspect
   * @returns `{ active, … }`
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const { active } = await auth.tokenIntrospection('access-token');
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc7662#section-2
   */
  async tokenIntrospection(token: string, options: CallOptions = {}): Promise<TokenIntrospectionResponse> {
    requireNonEmpty(token, 'token');
    const { introspection } = await this.endpoints(options);
    const form = { token, ...(await this.#clientAuthentication(options)) };
    const { data } = await this.#http.send({
      method: 'POST',
      url: introspection,
      form,
      schema: TokenIntrospectionResponseSchema,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    return data;
  }

  /**
   * Starts a CIBA login: a signed request object (all parameters inside it) sent to `bc-authorize`.
   * Defaults come from `authJwtProperties`.
   *
   * @returns `{ auth_req_id, expires_in, interval? }`
   * @throws OnesOAuthError e.g. `ERR_OAUTH_UNKNOWN_USER_ID`; OnesValidationError for bad parameters
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const login = await auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
   * ```
   * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.7.1
   */
  async makeCibaRequest(
    parameters: MakeCibaRequestParameters,
    options: CallOptions = {},
  ): Promise<CibaAuthenticationResponse> {
    const checked = checkCibaRequest(parameters, this.#options.authJwtProperties);
    const { backchannelAuthentication, issuer } = await this.endpoints(options);
    const claims = buildCibaRequestClaims(this.#settings.clientId, issuer, checked);
    const request = await this.#sign(claims, options.signal);
    const form = {
      client_id: this.#settings.clientId,
      request,
      ...(await this.#clientAuthentication(options)),
    };
    const { data } = await this.#http.send({
      method: 'POST',
      url: backchannelAuthentication,
      form,
      schema: CibaAuthenticationResponseSchema,
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    return data;
  }

  /**
   * Polls the token endpoint once for a CIBA login. Resolves with the tokens after approval; while
   * pending rejects with `OnesOAuthError` `ERR_OAUTH_AUTHORIZATION_PENDING` (`response.status` 400,
   * `response.data.error === 'authorization_pending'`, as the vendor's examples expect). Concurrent
   * checks of one id on this instance share one request, and an id that already returned tokens is
   * refused here with `ERR_OAUTH_INVALID_GRANT` without reaching the IdP (which would revoke the
   * grant). Run one instance per device, not one per request, to get that protection.
   *
   * @throws OnesOAuthError `ERR_OAUTH_AUTHORIZATION_PENDING`, `ERR_OAUTH_SLOW_DOWN`, `ERR_OAUTH_ACCESS_DENIED`,
   * `ERR_OAUTH_EXPIRED_TOKEN`, `ERR_OAUTH_INVALID_GRANT`, `ERR_OAUTH_TRANSACTION_FAILED`
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const tokens = await auth.checkCibaStatus('auth-req-id');
   * ```
   * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.10.1
   */
  async checkCibaStatus(authReqId: string, options: CallOptions = {}): Promise<TokenResponse> {
    requireNonEmpty(authReqId, 'authReqId');
    // Concurrent checks of one id share one request, so it runs without any one caller's signal.
    const form = { grant_type: CIBA_GRANT_TYPE, auth_req_id: authReqId };
    const shared = this.#cibaPolls.poll(authReqId, () =>
      this.#tokenRequest(form, options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    );
    return abortable(shared, options.signal, 'checking the CIBA login');
  }

  /**
   * Waits for a CIBA login's tokens, polling {@link checkCibaStatus} by the CIBA rules: every
   * `interval` (default 5 s), +5 s on `slow_down`, never overlapping, never after success, until
   * `expires_in` or `signal`.
   *
   * @param login - the answer of {@link makeCibaRequest}
   * @returns the tokens
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const login = await auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
   * const tokens = await auth.waitForCibaTokens(login, { onPoll: ({ attempt }) => console.info(attempt) });
   * ```
   */
  waitForCibaTokens(
    login: Pick<CibaAuthenticationResponse, 'auth_req_id' | 'expires_in' | 'interval'>,
    options: PollOptions = {},
  ): Promise<TokenResponse> {
    return pollUntil({
      what: 'the CIBA login',
      interval: { seconds: login.interval ?? 5, parameter: 'login.interval' },
      expiresIn: { seconds: login.expires_in, parameter: 'login.expires_in' },
      ...options,
      poll: async ({ timeoutMs }) => {
        try {
          const call = { timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
          return { done: true, value: await this.checkCibaStatus(login.auth_req_id, call) };
        } catch (error) {
          if (isOnesError(error, 'ERR_OAUTH_AUTHORIZATION_PENDING'))
            return { done: false, outcome: 'pending' };
          if (isOnesError(error, 'ERR_OAUTH_SLOW_DOWN')) return { done: false, outcome: 'slow_down' };
          throw error;
        }
      },
    });
  }

  /**
   * Exchanges a refresh token for new tokens.
   *
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const tokens = await auth.refreshAccessToken('refresh-token');
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
   */
  async refreshAccessToken(refreshToken: string, options: CallOptions = {}): Promise<TokenResponse> {
    requireNonEmpty(refreshToken, 'refreshToken');
    return this.#tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, options);
  }

  /**
   * Validates a JWT from the IdP locally: signature from the IdP's JWKS (cached; one refetch on an
   * unknown `kid`, at most every 30 s), asymmetric algorithms only, `iss` = issuer, `aud` ∈ {client id,
   * configured resources, `options.audience`}, `exp`/`nbf` with the clock tolerance. Say which kind of
   * token you expect with `tokenType`: `'access_token'` requires the RFC 9068 header `typ: at+jwt` (so
   * an ID token cannot pass as an access token); `'id_token'` refuses `at+jwt` and any audience but
   * the client id. The JWKS fetch runs on the instance's `timeoutMs`; `signal` stops the wait.
   *
   * @returns the claims
   * @throws OnesJwtError `ERR_JWT_INVALID`, `ERR_JWT_EXPIRED`, `ERR_JWT_CLAIM_INVALID`, `ERR_JWT_SIGNATURE_INVALID`
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const claims = await auth.validateJwt('eyJ...');
   * console.info(claims.sub);
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
   */
  async validateJwt(jwt: string, options: ValidateJwtOptions = {}): Promise<ValidatedJwtClaims> {
    requireNonEmpty(jwt, 'jwt');
    const { issuer, jwks } = await this.endpoints(options);
    // The JWKS goes through the instance's ky (hooks, proxies, `fetch`), on jose's cache and timeout.
    this.#jwks ??= createRemoteJWKSet(new URL(jwks), {
      timeoutDuration: this.#settings.timeoutMs,
      cooldownDuration: 30_000,
      cacheMaxAge: 600_000,
      [customFetch]: (url: string, init: RequestInit) => this.#http.fetchRaw(url, init),
    });
    const onlyIdToken = options.tokenType === 'id_token';
    const verification = verifyJwt(jwt, this.#jwks, {
      issuer,
      audience: onlyIdToken
        ? [this.#settings.clientId]
        : [
            this.#settings.clientId,
            ...this.#options.authJwtProperties.resources,
            ...(options.audience ?? []),
          ],
      clockToleranceSeconds: this.#settings.clockToleranceSeconds,
      ...(options.tokenType === undefined ? {} : { tokenType: options.tokenType }),
    });
    return abortable(verification, options.signal, 'validating the JWT');
  }
}
