import {
  isOnesError,
  OnesConfigError,
  type TokenIntrospectionResponse,
  type TokenResponse,
  unixTimeInSeconds,
} from '@ones.dev/common';
import { TokenIntrospectionResponseSchema, TokenResponseSchema } from '@ones.dev/common/schemas';
import * as z from 'zod/mini';
import type { IdpRefusal } from '../http/idp-http-client.js';
import { requireNonEmpty } from '../internal/require-non-empty.js';
import type { CallOptions } from './call-options.js';
import { type DeviceAccessToken, DeviceAccessTokenCache } from './device-access-token-cache.js';
import type { DeviceContext, IdpCall } from './device-context.js';

const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ASSERTION_LIFETIME_SECONDS = 60;

/**
 * The device's own credentials: its client assertion (RFC 7523), its access token (client
 * credentials, cached and single-flight), and the token endpoint calls authenticated with the
 * assertion (introspection, refresh; CIBA polls go through {@link DeviceTokens.tokenRequest}).
 */
export class DeviceTokens {
  readonly #context: DeviceContext;
  readonly #cache = new DeviceAccessTokenCache();

  constructor(context: DeviceContext) {
    this.#context = context;
  }

  /** The client assertion: `iss = sub = clientId`, `aud` = the issuer, a fresh `jti`, 60 s. */
  async makeDeviceJwt(options: CallOptions): Promise<string> {
    const { issuer } = await this.#context.endpoints(options);
    const { clientId } = this.#context.settings;
    const iat = unixTimeInSeconds();
    const claims = { iss: clientId, sub: clientId, aud: issuer, iat, exp: iat + ASSERTION_LIFETIME_SECONDS };
    return this.#context.sign({ ...claims, jti: crypto.randomUUID() }, options.signal);
  }

  /** The form fields that authenticate the device at a token endpoint. */
  async clientAuthentication(options: CallOptions): Promise<Record<string, string>> {
    return {
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: await this.makeDeviceJwt(options),
    };
  }

  /** A token endpoint request with `form` and the device's client authentication. */
  async tokenRequest(form: Readonly<Record<string, string>>, options: CallOptions): Promise<TokenResponse> {
    return this.#context.send(await this.#tokenCall(form, options), options);
  }

  /** Like `tokenRequest`, but an OAuth refusal named in `refusals` resolves instead of rejecting. */
  async tokenRequestOrRefusal(
    form: Readonly<Record<string, string>>,
    refusals: ReadonlySet<string>,
    options: CallOptions,
  ): Promise<{ readonly data: TokenResponse } | IdpRefusal> {
    return this.#context.sendOrRefusal(await this.#tokenCall(form, options), refusals, options);
  }

  async #tokenCall(form: Readonly<Record<string, string>>, options: CallOptions) {
    const { token } = await this.#context.endpoints(options);
    const body = { ...form, ...(await this.clientAuthentication(options)) };
    return { method: 'POST', url: token, form: body, schema: TokenResponseSchema } as const;
  }

  /** The device access token, cached until 30 s before it expires; one request for concurrent callers. */
  makeDeviceAccessToken(options: CallOptions): Promise<DeviceAccessToken> {
    // The shared request must not die with one caller's signal; each caller's own wait is abortable.
    return this.#cache.get(async () => {
      this.#context.log('debug', 'requesting a device access token');
      const answer = await this.tokenRequest({ grant_type: 'client_credentials' }, {});
      return {
        token: answer.access_token,
        tokenType: answer.token_type,
        expiresIn: answer.expires_in ?? 300,
      };
    }, options.signal);
  }

  forgetDeviceAccessToken(): void {
    this.#cache.clear();
  }

  /**
   * Sends a call to an OnesID extension with the device access token as its bearer; when the IdP
   * answers 401 (the token was revoked or expired early), forgets that token and retries once with a
   * fresh one.
   */
  async sendAsDevice<S extends z.ZodMiniType>(
    call: Omit<IdpCall<S>, 'bearer'>,
    options: CallOptions,
  ): Promise<z.infer<S>> {
    const { access_token } = await this.makeDeviceAccessToken(options);
    try {
      return await this.#context.send({ ...call, bearer: access_token }, options);
    } catch (error) {
      if (!isOnesError(error) || (error as { response?: { status?: number } }).response?.status !== 401)
        throw error;
      this.#cache.forget(access_token);
      this.#context.log('info', 'the IdP refused the device access token; retrying once with a new one');
      const { access_token: fresh } = await this.makeDeviceAccessToken(options);
      return this.#context.send({ ...call, bearer: fresh }, options);
    }
  }

  /** RFC 7009 revocation, authenticated with the device assertion. */
  async revokeToken(
    token: string,
    tokenTypeHint: 'access_token' | 'refresh_token' | undefined,
    options: CallOptions,
  ): Promise<void> {
    requireNonEmpty(token, 'token');
    const { revocation } = await this.#context.endpoints(options);
    if (revocation === undefined) {
      throw new OnesConfigError(
        'ERR_CONFIG_INVALID',
        'the IdP advertises no revocation_endpoint; set it with the "endpoints.revocation" option',
      );
    }
    const form = {
      token,
      ...(tokenTypeHint === undefined ? {} : { token_type_hint: tokenTypeHint }),
      ...(await this.clientAuthentication(options)),
    };
    const call = { method: 'POST', url: revocation, form, schema: z.unknown(), emptyAnswer: true } as const;
    await this.#context.send(call, options);
  }

  /** RFC 7662 introspection, authenticated with the device assertion. */
  async tokenIntrospection(token: string, options: CallOptions): Promise<TokenIntrospectionResponse> {
    requireNonEmpty(token, 'token');
    const { introspection } = await this.#context.endpoints(options);
    const form = { token, ...(await this.clientAuthentication(options)) };
    const call = {
      method: 'POST',
      url: introspection,
      form,
      schema: TokenIntrospectionResponseSchema,
    } as const;
    return this.#context.send(call, options);
  }

  /** RFC 6749 §6: new tokens for a refresh token. */
  async refreshAccessToken(refreshToken: string, options: CallOptions): Promise<TokenResponse> {
    requireNonEmpty(refreshToken, 'refreshToken');
    return this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }, options);
  }
}
