import {
  type AuthJwtProperties,
  type CibaAuthenticationResponse,
  CONSENT_STATUS,
  isOnesError,
  isWireId,
  OnesHttpError,
  OnesOAuthError,
  OnesValidationError,
  type PersonalDataConsentProperty,
  type PollOptions,
  pollUntil,
  type TokenIntrospectionResponse,
  type TokenResponse,
  unixTimeInSeconds,
} from '@ones.dev/common';
import {
  CibaAuthenticationResponseSchema,
  type ConsentRequestCreated,
  ConsentRequestCreatedSchema,
  type ConsentStatusResponse,
  ConsentStatusResponseSchema,
  QR_SESSION_STATUS,
  type QrAuthSessionCreated,
  QrAuthSessionCreatedSchema,
  type QrAuthSessionIdp,
  QrAuthSessionIdpSchema,
  TokenIntrospectionResponseSchema,
  TokenResponseSchema,
} from '@ones.dev/common/schemas';
import { createRemoteJWKSet, customFetch, type JWTVerifyGetKey } from 'jose';
import {
  buildCibaRequestClaims,
  type CheckedCibaRequest,
  checkCibaRequest,
  type MakeCibaRequestParameters,
  type MakeCibaRequestWithQrSessionParameters,
} from '../ciba/build-ciba-request-claims.js';
import { CibaPollGuard } from '../ciba/ciba-poll-guard.js';
import { type MakeCibaRequestResult, withVendorSpelling } from '../ciba/make-ciba-request-result.js';
import { checkConsentRequest } from '../consent/check-consent-request.js';
import { discoverEndpoints, type IdpEndpoints } from '../discovery/discovery.js';
import { IdpHttpClient } from '../http/idp-http-client.js';
import { abortable } from '../internal/abortable.js';
import { requireNonEmpty } from '../internal/require-non-empty.js';
import { type ValidatedJwtClaims, verifyJwt } from '../jwt/validate-jwt.js';
import { checkOriginIp } from '../qr/check-origin-ip.js';
import { QrCibaLinks } from '../qr/qr-ciba-links.js';
import { DeviceJwsSigner } from '../signing/device-jws-signer.js';
import { type DeviceAccessToken, DeviceAccessTokenCache } from './device-access-token-cache.js';
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
  /**
   * The kind of token expected; default `'access_token'`, as in the vendor's
   * `validateJwt(access_token)`. Pass `'id_token'` for an ID token.
   */
  readonly tokenType?: 'access_token' | 'id_token';
  /** Access tokens: audiences accepted besides the configured `resources` (never the client id). */
  readonly audience?: readonly string[];
  /**
   * Access tokens: clients besides this device's client whose tokens are accepted (`client_id` or
   * `azp`), for an API that receives tokens other clients obtained.
   */
  readonly authorizedParties?: readonly string[];
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
 * const claims = await auth.validateJwt(tokens.id_token ?? '', { tokenType: 'id_token' });
 * ```
 */
export class DeviceAuthentication {
  readonly #settings: ReturnType<typeof checkDeviceAuthenticationOptions>;
  readonly #options: DeviceAuthenticationOptions;
  readonly #signer: DeviceJwsSigner;
  readonly #http: IdpHttpClient;
  readonly #tokens = new DeviceAccessTokenCache();
  readonly #cibaPolls = new CibaPollGuard();
  readonly #qrLinks = new QrCibaLinks();
  #endpoints: Promise<IdpEndpoints> | undefined;
  #jwks: JWTVerifyGetKey | undefined;

  constructor(options: DeviceAuthenticationOptions) {
    this.#settings = checkDeviceAuthenticationOptions(options);
    this.#options = options;
    if (this.#settings.idpBaseUrlWasIssuer) {
      this.#log(
        'warn',
        `"idpBaseUrl" ends with /oidc, which is the issuer: using ${this.#settings.host} as the IdP base URL (the host in device.yml); pass that to silence this`,
      );
    }
    this.#signer = new DeviceJwsSigner({
      signingFunction: options.functions.signingFunction,
      deviceKeyType: options.deviceKeyType,
      deviceId: this.#settings.deviceId,
      deviceIdentityUrl: this.#settings.deviceIdentityUrl,
      timeoutMs: this.#settings.timeoutMs,
      log: (level, message) => this.#log(level, message),
    });
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
    return this.#signer.sign(claims, signal);
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
   * Runs a call authenticated with the device access token; when the IdP answers 401 (the token was
   * revoked or expired early), forgets that token and retries once with a fresh one.
   */
  async #withDeviceToken<T>(call: (token: string) => Promise<T>, options: CallOptions): Promise<T> {
    const { access_token } = await this.makeDeviceAccessToken(options);
    try {
      return await call(access_token);
    } catch (error) {
      if (!isOnesError(error) || (error as { response?: { status?: number } }).response?.status !== 401)
        throw error;
      this.#tokens.forget(access_token);
      this.#log('info', 'the IdP refused the device access token; retrying once with a new one');
      return call((await this.makeDeviceAccessToken(options)).access_token);
    }
  }

  /**
   * Returns a device access token (client_credentials), cached until 30 s before it expires;
   * concurrent callers share one token request. `expires_in` is what is left of the cached token's
   * life when you get it, so a caller that caches it too never holds it past its expiry.
   *
   * @returns `{ access_token, expires_in, token_type }`
   * @throws OnesOAuthError (e.g. `ERR_OAUTH_INVALID_CLIENT`), OnesHttpError, OnesTimeoutError, OnesSignerError
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const { access_token, expires_in, token_type } = await auth.makeDeviceAccessToken();
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
   */
  makeDeviceAccessToken(options: CallOptions = {}): Promise<DeviceAccessToken> {
    // The shared request must not die with one caller's signal; each caller's own wait is abortable.
    return this.#tokens.get(async () => {
      this.#log('debug', 'requesting a device access token');
      const answer = await this.#tokenRequest({ grant_type: 'client_credentials' }, {});
      return {
        token: answer.access_token,
        tokenType: answer.token_type,
        expiresIn: answer.expires_in ?? 300,
      };
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
   * @returns `{ auth_req_id, expires_in, interval? }` (and the vendor's spelling `experies_in`)
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
  ): Promise<MakeCibaRequestResult> {
    const checked = checkCibaRequest(parameters, this.#options.authJwtProperties);
    return withVendorSpelling(await this.#makeCibaRequest(checked, options));
  }

  async #makeCibaRequest(
    checked: CheckedCibaRequest,
    options: CallOptions,
  ): Promise<CibaAuthenticationResponse> {
    const { backchannelAuthentication, issuer } = await this.endpoints(options);
    const claims = buildCibaRequestClaims(this.#settings.clientId, issuer, checked);
    // The request object and the client assertion are independent: sign them at the same time.
    const [request, clientAuthentication] = await Promise.all([
      this.#sign(claims, options.signal),
      this.#clientAuthentication(options),
    ]);
    const form = { client_id: this.#settings.clientId, request, ...clientAuthentication };
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
   * Starts a CIBA login like {@link makeCibaRequest}, linked to a QR session when `qrSessionId` is
   * given (the IdP then ties the phone's approval to that session). When another process already
   * linked a CIBA request to the session, the IdP's `qr_session_already_linked` answer is honoured:
   * that request is returned instead of an error, so the phone is never prompted twice.
   *
   * @returns `{ auth_req_id, expires_in, interval? }`
   * @throws OnesOAuthError, OnesValidationError, as {@link makeCibaRequest}
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const login = await auth.makeCibaRequestWithOptionalQrSession({
   *   loginHint: { kind: 'sub', value: 'user-alice' },
   *   qrSessionId: 'qr-1',
   * });
   * ```
   */
  async makeCibaRequestWithOptionalQrSession(
    parameters: MakeCibaRequestWithQrSessionParameters,
    options: CallOptions = {},
  ): Promise<MakeCibaRequestResult> {
    const checked = checkCibaRequest(parameters, this.#options.authJwtProperties);
    try {
      return withVendorSpelling(await this.#makeCibaRequest(checked, options));
    } catch (error) {
      const linked = checked.qrSessionId === undefined ? undefined : alreadyLinkedRequest(error);
      if (linked === undefined) throw error;
      this.#log('info', 'the QR session already has a CIBA request; using it');
      return withVendorSpelling(linked);
    }
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
   * unknown `kid`, at most every `jwksRefetchCooldownSeconds`, 30 s by default), asymmetric
   * algorithms only, `iss` = issuer, `exp`/`nbf` with the clock tolerance, and `sub`, `iat`, `exp`
   * present. Then by `tokenType`:
   * - `'access_token'` (the default): the RFC 9068 header `typ: at+jwt`, so an ID token cannot pass
   *   as an access token; `aud` one of the configured `resources` or `options.audience` (never the
   *   client id); `client_id` and `azp`, when present, this client or one of `options.authorizedParties`;
   * - `'id_token'`: `aud` the client id, no `typ` but `JWT`, and `azp` naming this client when
   *   present (required when there are several audiences).
   *
   * The JWKS fetch runs on the instance's `timeoutMs`; `signal` stops the wait.
   *
   * @returns the claims
   * @throws OnesJwtError `ERR_JWT_INVALID`, `ERR_JWT_EXPIRED`, `ERR_JWT_CLAIM_INVALID`, `ERR_JWT_SIGNATURE_INVALID`;
   * OnesConfigError `ERR_CONFIG_INVALID` for an access token when no audience is configured
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * declare const tokens: { access_token: string; id_token: string };
   * const { sub, scope } = await auth.validateJwt(tokens.access_token); // for a configured resource
   * const user = await auth.validateJwt(tokens.id_token, { tokenType: 'id_token' });
   * ```
   * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
   * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
   */
  async validateJwt(jwt: string, options: ValidateJwtOptions = {}): Promise<ValidatedJwtClaims> {
    requireNonEmpty(jwt, 'jwt');
    if (
      options.tokenType !== undefined &&
      options.tokenType !== 'access_token' &&
      options.tokenType !== 'id_token'
    )
      throw new OnesValidationError(
        'ERR_VALIDATION_ARGUMENT',
        '"options.tokenType" must be "access_token" or "id_token"',
      );
    requireStringList(options.audience, 'options.audience');
    requireStringList(options.authorizedParties, 'options.authorizedParties');
    const { issuer, jwks } = await this.endpoints(options);
    // The JWKS goes through the instance's ky (hooks, proxies, `fetch`), on jose's cache and timeout.
    this.#jwks ??= createRemoteJWKSet(new URL(jwks), {
      timeoutDuration: this.#settings.timeoutMs,
      cooldownDuration: this.#settings.jwksRefetchCooldownSeconds * 1000,
      cacheMaxAge: 600_000,
      [customFetch]: (url: string, init: RequestInit) => this.#http.fetchRaw(url, init),
    });
    const verification = verifyJwt(jwt, this.#jwks, {
      issuer,
      clientId: this.#settings.clientId,
      tokenType: options.tokenType ?? 'access_token',
      accessTokenAudience: [...this.#options.authJwtProperties.resources, ...(options.audience ?? [])],
      authorizedParties: options.authorizedParties ?? [],
      clockToleranceSeconds: this.#settings.clockToleranceSeconds,
    });
    return abortable(verification, options.signal, 'validating the JWT');
  }

  /**
   * Creates a QR login session at the IdP (authenticated with the device access token; one retry
   * with a fresh token on 401). Show `cbUrl`/`sessionId`/`exp` as a QR code (`buildQrCodeContent`,
   * `renderQrCodeSvg`) and poll {@link verifyQrAuthSessionIdp}. Pass the browser's address as
   * `originIp` so the phone app can show where the login comes from.
   *
   * @returns `{ sessionId, cbUrl, expIn, exp, interval }`; `cbUrl` is checked to be on the IdP
   * @throws OnesValidationError `ERR_VALIDATION_ARGUMENT` for an `originIp` that is not one address
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const session = await auth.makeQrAuthSessionIdp({ originIp: '203.0.113.7' });
   * ```
   */
  async makeQrAuthSessionIdp(
    options: CallOptions & { readonly originIp?: string } = {},
  ): Promise<QrAuthSessionCreated> {
    const originIp = checkOriginIp(options.originIp);
    const url = `${this.#settings.host}/qr-auth/sessions`;
    const { data } = await this.#withDeviceToken(
      (bearer) =>
        this.#http.send({
          method: 'POST',
          url,
          json: originIp === undefined ? {} : { originIp },
          bearer,
          schema: QrAuthSessionCreatedSchema,
          signal: options.signal,
          timeoutMs: options.timeoutMs,
        }),
      options,
    );
    if (!isOnIdp(data.cbUrl, this.#settings.host)) {
      throw new OnesValidationError(
        'ERR_VALIDATION_RESPONSE',
        'POST /qr-auth/sessions: "cbUrl" is not on the IdP',
      );
    }
    return data;
  }

  /**
   * Checks a QR session at the IdP. The first time the session shows up scanned (it carries the
   * user's login hint) without a CIBA request, this starts one with
   * {@link makeCibaRequestWithOptionalQrSession} and returns its `authRequestId`; from there the
   * browser polls the CIBA login. Exactly one CIBA request per session: concurrent calls in this
   * process share it, and other processes get the IdP's already-linked answer.
   *
   * When the IdP does not know the session (expired, approved or never existed), the id alone, as in
   * `const { authRequestId } = await auth.verifyQrAuthSessionIdp(sessionId)`, rejects with
   * `OnesHttpError` `ERR_QR_SESSION_NOT_FOUND` (`response.status` 404); `{ sessionId, originIp? }`
   * resolves to `null`, for routes that answer 404 themselves.
   *
   * @param session - the `sessionId`, or `{ sessionId, originIp? }` (the browser's address, passed on)
   * @returns the session, with `authRequestId` once a CIBA login is linked (and that login's
   * `expires_in` and `interval`, for polling it at the IdP's pace)
   * @throws OnesHttpError `ERR_QR_SESSION_NOT_FOUND` for an unknown session given by its id alone
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const session = await auth.verifyQrAuthSessionIdp({ sessionId: 'qr-1', originIp: '203.0.113.7' });
   * if (session === null) console.info('404: unknown or expired');
   * else if (session.authRequestId) console.info('poll the CIBA login', session.authRequestId);
   * const { authRequestId } = await auth.verifyQrAuthSessionIdp('qr-1'); // rejects when unknown
   * ```
   */
  verifyQrAuthSessionIdp(session: string, options?: CallOptions): Promise<QrAuthSessionIdp>;
  verifyQrAuthSessionIdp(
    session: { readonly sessionId: string; readonly originIp?: string | undefined },
    options?: CallOptions,
  ): Promise<QrAuthSessionIdp | null>;
  verifyQrAuthSessionIdp(
    session: string | { readonly sessionId: string; readonly originIp?: string | undefined },
    options?: CallOptions,
  ): Promise<QrAuthSessionIdp | null>;
  async verifyQrAuthSessionIdp(
    session: string | { readonly sessionId: string; readonly originIp?: string | undefined },
    options: CallOptions = {},
  ): Promise<QrAuthSessionIdp | null> {
    const found = await this.#verifyQrSession(session, options);
    if (found === null && typeof session === 'string') {
      throw new OnesHttpError(
        'ERR_QR_SESSION_NOT_FOUND',
        'the QR session is unknown, expired or already approved (the IdP answered HTTP 404)',
        { response: { status: 404, data: { error: 'not_found' } } },
      );
    }
    return found;
  }

  async #verifyQrSession(
    session: string | { readonly sessionId: string; readonly originIp?: string | undefined },
    options: CallOptions,
  ): Promise<QrAuthSessionIdp | null> {
    const { sessionId, originIp } =
      typeof session === 'string' ? { sessionId: session, originIp: undefined } : session;
    requireWireId(sessionId, 'sessionId');
    const checkedIp = checkOriginIp(originIp);
    const found = await this.#readQrSession(sessionId, checkedIp, options);
    if (
      found === null ||
      found.authRequestId !== undefined ||
      found.status !== QR_SESSION_STATUS.SCANNED ||
      found.loginHint === undefined
    ) {
      return found;
    }
    const loginHint = found.loginHint;
    // Shared by every caller for this session, so it runs without any one caller's signal.
    const shared = this.#qrLinks.link(sessionId, found.exp, () =>
      this.makeCibaRequestWithOptionalQrSession({ loginHint, qrSessionId: sessionId }),
    );
    try {
      const login = await abortable(shared, options.signal, 'linking the QR session to a CIBA login');
      return {
        ...found,
        authRequestId: login.auth_req_id,
        expires_in: login.expires_in,
        ...(login.interval === undefined ? {} : { interval: login.interval }),
      };
    } catch (error) {
      // The session may have expired or been approved between our read and the link: that is a 404.
      if (error instanceof OnesOAuthError && error.response.status === 400) {
        if ((await this.#readQrSession(sessionId, checkedIp, options)) === null) return null;
      }
      throw error;
    }
  }

  /** `GET {host}/qr-auth/sessions/{id}`: the session, or `null` on 404. */
  async #readQrSession(
    sessionId: string,
    originIp: string | undefined,
    options: CallOptions,
  ): Promise<QrAuthSessionIdp | null> {
    const query = originIp === undefined ? '' : `?${new URLSearchParams({ originIp })}`;
    const url = `${this.#settings.host}/qr-auth/sessions/${encodeURIComponent(sessionId)}${query}`;
    let found: QrAuthSessionIdp;
    try {
      ({ data: found } = await this.#withDeviceToken(
        (bearer) =>
          this.#http.send({
            method: 'GET',
            url,
            bearer,
            schema: QrAuthSessionIdpSchema,
            signal: options.signal,
            timeoutMs: options.timeoutMs,
          }),
        options,
      ));
    } catch (error) {
      if (isOnesError(error) && (error as { response?: { status?: number } }).response?.status === 404)
        return null;
      throw error;
    }
    if (found.sessionId !== sessionId) {
      throw new OnesValidationError(
        'ERR_VALIDATION_RESPONSE',
        'GET /qr-auth/sessions: answered for another session',
      );
    }
    return found;
  }

  /**
   * Asks the user (by `sub`) to release personal data to you: `content` names
   * `PERSONAL_DATA_CONSENT_PROPERTIES` values, `reason` is shown on the phone. Authenticated with
   * the device access token (one retry on 401).
   *
   * @param subject - the user's `sub`, e.g. from {@link validateJwt}
   * @param resource - what the data is for (your service's name or URL)
   * @param content - the properties to release, e.g. `[{ name: PERSONAL_DATA_CONSENT_PROPERTIES.EMAIL }]`
   * @param reason - why, shown to the user (1 to 500 characters)
   * @returns `{ id, status }`
   * @throws OnesValidationError `ERR_VALIDATION_ARGUMENT` naming the bad field, before anything is sent
   * @example
   * ```ts
   * import { PERSONAL_DATA_CONSENT_PROPERTIES } from '@ones.dev/common';
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const request = await auth.makeConsentRequest('user-alice', 'https://shop.example', [
   *   { name: PERSONAL_DATA_CONSENT_PROPERTIES.EMAIL },
   *   { name: PERSONAL_DATA_CONSENT_PROPERTIES.FULL_NAME },
   * ], 'To create your customer account');
   * ```
   */
  async makeConsentRequest(
    subject: string,
    resource: string,
    content: readonly { readonly name: PersonalDataConsentProperty }[],
    reason: string,
    options: CallOptions = {},
  ): Promise<ConsentRequestCreated> {
    const body = checkConsentRequest({ subject, resource, content, reason });
    const url = `${this.#settings.host}/consent/requests`;
    const { data } = await this.#withDeviceToken(
      (bearer) =>
        this.#http.send({
          method: 'POST',
          url,
          json: body,
          bearer,
          schema: ConsentRequestCreatedSchema,
          signal: options.signal,
          timeoutMs: options.timeoutMs,
        }),
      options,
    );
    return data;
  }

  /**
   * Asks the IdP where a consent request stands: `pending`, `approved` (with the released `value`s
   * in `content`), `denied` or `expired`.
   *
   * @param id - the `id` from {@link makeConsentRequest}
   * @returns `{ id, status, content: [{ name, value? }] }`
   * @throws for an unknown id, an error whose `response.status` is 404 (`OnesOAuthError` when the IdP
   * names an OAuth-style `error`, else `OnesHttpError`)
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const { status, content } = await auth.checkConsentStatus('consent-1');
   * ```
   */
  async checkConsentStatus(id: string, options: CallOptions = {}): Promise<ConsentStatusResponse> {
    requireWireId(id, 'id');
    const url = `${this.#settings.host}/consent/requests/${encodeURIComponent(id)}`;
    const { data } = await this.#withDeviceToken(
      (bearer) =>
        this.#http.send({
          method: 'GET',
          url,
          bearer,
          schema: ConsentStatusResponseSchema,
          signal: options.signal,
          timeoutMs: options.timeoutMs,
        }),
      options,
    );
    if (data.id !== id)
      throw new OnesValidationError(
        'ERR_VALIDATION_RESPONSE',
        'GET /consent/requests: answered for another request',
      );
    return data;
  }

  /**
   * Waits until the user decides on a consent request, polling {@link checkConsentStatus} by the
   * same rules as the CIBA poller: every `intervalSeconds` (default 5), its polls never overlapping,
   * `Retry-After` honoured, until `expiresInSeconds` (default 300, then `ERR_TIMEOUT_POLLING`) or
   * `signal`. Resolves with the decision, approved, denied or expired: denial is an answer, not an error.
   *
   * @example
   * ```ts
   * import type { DeviceAuthentication } from '@ones.dev/backend-modules';
   * declare const auth: DeviceAuthentication;
   * const decision = await auth.waitForConsentDecision('consent-1', { signal: AbortSignal.timeout(120_000) });
   * if (decision.status === 'approved') console.info(decision.content);
   * ```
   */
  waitForConsentDecision(
    id: string,
    options: PollOptions & { readonly intervalSeconds?: number; readonly expiresInSeconds?: number } = {},
  ): Promise<ConsentStatusResponse> {
    const { intervalSeconds = 5, expiresInSeconds = 300, ...pollOptions } = options;
    return pollUntil({
      what: 'the consent request',
      interval: { seconds: intervalSeconds, parameter: 'intervalSeconds' },
      expiresIn: { seconds: expiresInSeconds, parameter: 'expiresInSeconds' },
      ...pollOptions,
      poll: async ({ timeoutMs }) => {
        const status = await this.checkConsentStatus(id, {
          timeoutMs,
          ...(options.signal ? { signal: options.signal } : {}),
        });
        return status.status === CONSENT_STATUS.PENDING
          ? { done: false, outcome: 'pending' }
          : { done: true, value: status };
      },
    });
  }
}

/** Whether `url` is an http(s) URL on the IdP's origin, under its base path. */
function isOnIdp(url: string, host: string): boolean {
  if (!URL.canParse(url)) return false;
  const target = new URL(url);
  const idp = new URL(`${host}/`);
  return target.origin === idp.origin && target.pathname.startsWith(idp.pathname);
}

/** Checks an id that goes into a URL path, by the one wire-id rule (`isWireId`). */
function requireWireId(value: unknown, name: string): asserts value is string {
  if (!isWireId(value))
    throw new OnesValidationError('ERR_VALIDATION_ARGUMENT', `"${name}" must be an id from the IdP`);
}

/** Checks an optional list of strings from a caller (a plain string would be read letter by letter). */
function requireStringList(value: unknown, name: string): void {
  if (value !== undefined && !(Array.isArray(value) && value.every((item) => typeof item === 'string'))) {
    throw new OnesValidationError('ERR_VALIDATION_ARGUMENT', `"${name}" must be an array of strings`);
  }
}

/** The existing CIBA request in an IdP's `qr_session_already_linked` answer, if that is what `error` is. */
function alreadyLinkedRequest(error: unknown): CibaAuthenticationResponse | undefined {
  if (!(error instanceof OnesOAuthError) || error.error !== 'qr_session_already_linked') return undefined;
  const parsed = CibaAuthenticationResponseSchema.safeParse(error.response.data);
  if (!parsed.success) return undefined;
  const { auth_req_id, expires_in, interval } = parsed.data;
  return { auth_req_id, expires_in, ...(interval === undefined ? {} : { interval }) };
}
