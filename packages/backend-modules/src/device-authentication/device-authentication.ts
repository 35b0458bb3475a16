import type {
  AuthJwtProperties,
  CibaAuthenticationResponse,
  PersonalDataConsentProperty,
  PollOptions,
  QrAuthSessionCreated,
  QrAuthSessionIdp,
  TokenIntrospectionResponse,
  TokenResponse,
} from '@ones.dev/common';
import type { ConsentRequestCreated, ConsentStatusResponse } from '@ones.dev/common/schemas';
import type {
  MakeCibaRequestParameters,
  MakeCibaRequestWithQrSessionParameters,
} from '../ciba/build-ciba-request-claims.js';
import type { MakeCibaRequestResult } from '../ciba/make-ciba-request-result.js';
import { type FromSystemConfigOptions, optionsFromSystemConfig } from '../config/from-system-config.js';
import type { SystemConfig } from '../config/load-system-config.js';
import type { WaitForConsentDecisionOptions } from '../consent/consent-flow.js';
import type { IdpEndpoints } from '../discovery/discovery.js';
import type { ValidateJwtOptions } from '../jwt/jwt-validation.js';
import type { ValidatedJwtClaims } from '../jwt/validate-jwt.js';
import type { JwtBearerGrantParameters } from '../jwt-bearer/jwt-bearer-grant.js';
import type { QrSessionReference } from '../qr/qr-flow.js';
import type { UserInfo, UserInfoOptions } from '../userinfo/user-info-flow.js';
import type { CallOptions } from './call-options.js';
import type { DeviceAccessToken } from './device-access-token-cache.js';
import {
  checkDeviceAuthenticationOptions,
  type DeviceAuthenticationOptions,
} from './device-authentication-options.js';
import { createDeviceFlows, type DeviceFlows } from './device-flows.js';

/**
 * A customer backend's identity at OnesID, and everything it does with it. The vendor's door to
 * every flow; each flow lives in its own module (device tokens, CIBA, QR, consent, JWT), and all
 * share one frozen context. One instance per device: discovery, the device token and the JWKS are
 * cached per instance. Guides: docs/device-auth.md and one per flow.
 *
 * @example
 * ```ts
 * import { AuthJwtProperties } from '@ones.dev/common';
 * import { DeviceAuthentication, loadSystemConfig } from '@ones.dev/backend-modules';
 * const auth = DeviceAuthentication.fromSystemConfig(loadSystemConfig(), {
 *   authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Authorize login to Example.com' }),
 * }); // or `new DeviceAuthentication({ … })` with the vendor's options: see DeviceAuthenticationOptions
 * const login = await auth.makeCibaRequest({ loginHint: { value: 'alice' } });
 * const tokens = await auth.waitForCibaTokens(login);
 * ```
 */
export class DeviceAuthentication {
  readonly #flows: DeviceFlows;

  /** @throws OnesConfigError `ERR_CONFIG_INVALID` naming the bad option */
  constructor(options: DeviceAuthenticationOptions) {
    this.#flows = createDeviceFlows(checkDeviceAuthenticationOptions(options));
  }

  /**
   * The instance for the device `loadSystemConfig` read (its ids, IdP and key type), signing through
   * px-device-identity-service at `deviceIdentityUrl` (default `http://127.0.0.1:8000/sign`).
   * @example `const auth = DeviceAuthentication.fromSystemConfig(loadSystemConfig(), { authJwtProperties });`
   */
  static fromSystemConfig(config: SystemConfig, options: FromSystemConfigOptions): DeviceAuthentication {
    return new DeviceAuthentication(optionsFromSystemConfig(config, options));
  }

  /** The CIBA defaults this instance was built with. */
  get authJwtProperties(): AuthJwtProperties {
    return this.#flows.context.settings.authJwtProperties;
  }

  /**
   * The IdP endpoints, discovered once and shared by concurrent callers (a failed discovery is tried
   * again next time); `signal` stops only this caller's wait.
   * @example `const { token, jwks } = await auth.endpoints();`
   */
  endpoints(options: CallOptions = {}): Promise<IdpEndpoints> {
    return this.#flows.context.endpoints(options);
  }

  /**
   * The device's client assertion (RFC 7523): `iss = sub = clientId`, `aud` = the issuer, a fresh
   * `jti`, 60 s, signed with the device key.
   * @throws OnesSignerError `ERR_SIGNER_UNAVAILABLE`, `ERR_SIGNER_REFUSED`, `ERR_SIGNER_RESPONSE_INVALID`
   * @example `const assertion = await auth.makeDeviceJwt();`
   * @see https://www.rfc-editor.org/rfc/rfc7523#section-3
   */
  makeDeviceJwt(options: CallOptions = {}): Promise<string> {
    return this.#flows.tokens.makeDeviceJwt(options);
  }

  /**
   * The device access token (client credentials), cached until 30 s before it expires, one request
   * for concurrent callers; `expires_in` is what is left of the cached token's life.
   * @throws OnesOAuthError (e.g. `ERR_OAUTH_INVALID_CLIENT`), OnesHttpError, OnesTimeoutError, OnesSignerError
   * @example `const { access_token, expires_in, token_type } = await auth.makeDeviceAccessToken();`
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.4
   */
  makeDeviceAccessToken(options: CallOptions = {}): Promise<DeviceAccessToken> {
    return this.#flows.tokens.makeDeviceAccessToken(options);
  }

  /** Forgets the cached device access token (after the IdP rejected it). */
  forgetDeviceAccessToken(): void {
    this.#flows.tokens.forgetDeviceAccessToken();
  }

  /**
   * Asks the IdP whether a token is active (RFC 7662), authenticated with the device assertion.
   * @example `const { active, sub } = await auth.tokenIntrospection('a-token');`
   */
  tokenIntrospection(token: string, options: CallOptions = {}): Promise<TokenIntrospectionResponse> {
    return this.#flows.tokens.tokenIntrospection(token, options);
  }

  /**
   * Revokes a token at the IdP (RFC 7009), authenticated with the device assertion; revoking a
   * refresh token ends its whole grant. Needs the IdP's `revocation_endpoint` (or `endpoints.revocation`).
   * @throws OnesConfigError `ERR_CONFIG_INVALID` when the IdP has no revocation endpoint; OnesHttpError, OnesOAuthError
   * @example `await auth.revokeToken(refreshToken, 'refresh_token');`
   * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
   */
  revokeToken(
    token: string,
    tokenTypeHint?: 'access_token' | 'refresh_token',
    options: CallOptions = {},
  ): Promise<void> {
    return this.#flows.tokens.revokeToken(token, tokenTypeHint, options);
  }

  /**
   * A user's tokens without the user (RFC 7523 §2.1 JWT-bearer grant), for controlled and service
   * accounts: an assertion the device signs (`iss` the device's client, `sub` the user, `aud` the
   * issuer, 60 s, a fresh `jti`). The IdP's policy decides which users this device may assert.
   * @throws OnesOAuthError `ERR_OAUTH_INVALID_GRANT` (a subject the policy refuses, a replayed or
   * expired assertion), `ERR_OAUTH_INVALID_REQUEST` (the device is not registered for the grant)
   * @example `const { access_token } = await auth.jwtBearerGrant({ subject: 'user-alice', resource: 'https://api.example.com' });`
   * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.1
   */
  jwtBearerGrant(parameters: JwtBearerGrantParameters, options: CallOptions = {}): Promise<TokenResponse> {
    return this.#flows.jwtBearer.jwtBearerGrant(parameters, options);
  }

  /**
   * The user's claims for an access token (OpenID Connect UserInfo): JSON, or a JWT signed by the
   * IdP (checked like a token: its keys, `iss`, `aud` this client). Pass `expectedSubject` (the ID
   * token's `sub`) to make sure the answer is about that user.
   * @throws OnesOAuthError `ERR_OAUTH_INVALID_TOKEN` for an invalid, expired or revoked token;
   * OnesConfigError when the IdP has no userinfo endpoint; OnesValidationError, OnesJwtError
   * @example `const { sub, name } = await auth.userInfo(tokens.access_token, { expectedSubject: claims.sub });`
   * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
   */
  userInfo(accessToken: string, options: UserInfoOptions = {}): Promise<UserInfo> {
    return this.#flows.userInfo.userInfo(accessToken, options);
  }

  /**
   * Starts a CIBA login: a signed request object to `bc-authorize`, defaults from
   * `authJwtProperties`. Also carries `experies_in`, the vendor documentation's spelling.
   * @throws OnesOAuthError e.g. `ERR_OAUTH_UNKNOWN_USER_ID`; OnesValidationError for bad parameters
   * @example `const { auth_req_id, expires_in, interval } = await auth.makeCibaRequest({ loginHint: { value: 'alice' } });`
   * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.7.1
   */
  makeCibaRequest(
    parameters: MakeCibaRequestParameters,
    options: CallOptions = {},
  ): Promise<MakeCibaRequestResult> {
    return this.#flows.ciba.makeCibaRequest(parameters, options);
  }

  /**
   * Starts a CIBA login linked to a QR session (`qrSessionId`); when another process linked one
   * already, that login is returned instead of an error, so the phone is never prompted twice.
   * @example `await auth.makeCibaRequestWithOptionalQrSession({ loginHint: { kind: 'sub', value: 'u-1' }, qrSessionId: 'qr-1' });`
   */
  makeCibaRequestWithOptionalQrSession(
    parameters: MakeCibaRequestWithQrSessionParameters,
    options: CallOptions = {},
  ): Promise<MakeCibaRequestResult> {
    return this.#flows.ciba.makeCibaRequestWithOptionalQrSession(parameters, options);
  }

  /**
   * Polls once: the tokens, or while pending `ERR_OAUTH_AUTHORIZATION_PENDING` with `response`
   * `{ status: 400, data: { error: 'authorization_pending' } }`, as the vendor's examples expect.
   * Concurrent checks of one id share one request; a used id is refused without reaching the IdP.
   * @throws OnesOAuthError `ERR_OAUTH_AUTHORIZATION_PENDING`, `_SLOW_DOWN`, `_ACCESS_DENIED`, `_EXPIRED_TOKEN`, `_INVALID_GRANT`
   * @example `const tokens = await auth.checkCibaStatus('auth-req-id');`
   * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.10.1
   */
  checkCibaStatus(authReqId: string, options: CallOptions = {}): Promise<TokenResponse> {
    return this.#flows.ciba.checkCibaStatus(authReqId, options);
  }

  /**
   * Waits for a CIBA login's tokens by the CIBA rules: every `interval` (default 5 s), +5 s on
   * `slow_down`, never overlapping, never after success, until `expires_in` or `signal`.
   * @example `const tokens = await auth.waitForCibaTokens(login, { signal: AbortSignal.timeout(180_000) });`
   */
  waitForCibaTokens(
    login: Pick<CibaAuthenticationResponse, 'auth_req_id' | 'expires_in' | 'interval'>,
    options: PollOptions = {},
  ): Promise<TokenResponse> {
    return this.#flows.ciba.waitForCibaTokens(login, options);
  }

  /**
   * Withdraws a CIBA login from the user's phone, where OnesID offers it (an OnesID extension its
   * discovery advertises as `ones_ciba_cancel_endpoint`; CIBA Core has none). Returns true when
   * OnesID withdrew it, false when it offers no way to (the request then stays on the phone until it
   * expires) or the login no longer waits (decided, expired, or not this client's). A withdrawn
   * login's polls answer `invalid_grant`.
   * @throws OnesValidationError `ERR_VALIDATION_ARGUMENT` for an id that is not an IdP id; OnesHttpError and OnesOAuthError as for any call
   * @example `const withdrawn = await auth.cancelCibaRequest(login.auth_req_id);`
   */
  cancelCibaRequest(authReqId: string, options: CallOptions = {}): Promise<boolean> {
    return this.#flows.ciba.cancelCibaRequest(authReqId, options);
  }

  /**
   * Exchanges a refresh token for new tokens.
   * @example `const tokens = await auth.refreshAccessToken('refresh-token');`
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
   */
  refreshAccessToken(refreshToken: string, options: CallOptions = {}): Promise<TokenResponse> {
    return this.#flows.tokens.refreshAccessToken(refreshToken, options);
  }

  /**
   * Validates a JWT locally against the IdP's keys: an access token by default (`typ: at+jwt`, `aud`
   * one of your resources or `audience`, issued to your client), an ID token with
   * `{ tokenType: 'id_token' }`. See docs/validate-jwt.md for every rule.
   * @throws OnesJwtError `ERR_JWT_INVALID`, `_EXPIRED`, `_CLAIM_INVALID`, `_SIGNATURE_INVALID`; OnesConfigError without an audience
   * @example `const { sub } = await auth.validateJwt('eyJ...', { tokenType: 'id_token' });`
   * @see https://www.rfc-editor.org/rfc/rfc9068#section-4
   */
  validateJwt(jwt: string, options: ValidateJwtOptions = {}): Promise<ValidatedJwtClaims> {
    return this.#flows.jwt.validateJwt(jwt, options);
  }

  /**
   * Creates a QR login session (`status: 'pending'`, a `QrAuthSessionIdp`); pass the browser's
   * address as `originIp` so the phone can show where the login comes from.
   * @throws OnesValidationError `ERR_VALIDATION_ARGUMENT` for an `originIp` that is not one address
   * @example `const { cbUrl, sessionId, expIn, exp, interval } = await auth.makeQrAuthSessionIdp({ originIp: '203.0.113.7' });`
   */
  makeQrAuthSessionIdp(
    options: CallOptions & { readonly originIp?: string } = {},
  ): Promise<QrAuthSessionCreated> {
    return this.#flows.qr.makeQrAuthSessionIdp(options);
  }

  /**
   * Checks a QR session, and links exactly one CIBA login to it once the phone scanned it:
   * `authRequestId`, with that login's `expires_in` and `interval`. A session the IdP does not know:
   * by id alone, `ERR_QR_SESSION_NOT_FOUND` (404); as `{ sessionId, originIp? }`, `null`.
   * @throws OnesHttpError `ERR_QR_SESSION_NOT_FOUND` for an unknown session given by its id alone
   * @example `const { authRequestId } = await auth.verifyQrAuthSessionIdp('qr-1');`
   */
  verifyQrAuthSessionIdp(session: string, options?: CallOptions): Promise<QrAuthSessionIdp>;
  verifyQrAuthSessionIdp(
    session: QrSessionReference,
    options?: CallOptions,
  ): Promise<QrAuthSessionIdp | null>;
  verifyQrAuthSessionIdp(
    session: string | QrSessionReference,
    options?: CallOptions,
  ): Promise<QrAuthSessionIdp | null>;
  verifyQrAuthSessionIdp(
    session: string | QrSessionReference,
    options: CallOptions = {},
  ): Promise<QrAuthSessionIdp | null> {
    return this.#flows.qr.verifyQrAuthSessionIdp(session, options);
  }

  /**
   * Asks the user (by `sub`) to release personal data; `reason` is shown on the phone.
   * @throws OnesValidationError `ERR_VALIDATION_ARGUMENT` naming the bad field, before anything is sent
   * @example `await auth.makeConsentRequest('user-alice', 'https://shop.example', [{ name: 'email' }], 'For your invoices');`
   */
  makeConsentRequest(
    subject: string,
    resource: string,
    content: readonly { readonly name: PersonalDataConsentProperty }[],
    reason: string,
    options: CallOptions = {},
  ): Promise<ConsentRequestCreated> {
    return this.#flows.consent.makeConsentRequest(subject, resource, content, reason, options);
  }

  /**
   * Where a consent request stands: `pending`, `approved` (with the released values), `denied`, `expired`.
   * @example `const { status, content } = await auth.checkConsentStatus('consent-1');`
   */
  checkConsentStatus(id: string, options: CallOptions = {}): Promise<ConsentStatusResponse> {
    return this.#flows.consent.checkConsentStatus(id, options);
  }

  /**
   * Waits until the user decides on a consent request (every `intervalSeconds`, default 5, until
   * `expiresInSeconds`, default 300); denial is an answer, not an error.
   * @example `const decision = await auth.waitForConsentDecision('consent-1');`
   */
  waitForConsentDecision(
    id: string,
    options: WaitForConsentDecisionOptions = {},
  ): Promise<ConsentStatusResponse> {
    return this.#flows.consent.waitForConsentDecision(id, options);
  }
}
