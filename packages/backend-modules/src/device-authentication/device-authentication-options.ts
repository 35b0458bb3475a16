import { AuthJwtProperties, OnesConfigError } from '@ones.dev/common';
import type { KyInstance } from 'ky';
import type { IdpEndpoints } from '../discovery/discovery.js';
import { TokenDecryption, type TokenDecryptionOptions } from '../jwt/token-decryption.js';
import type { SigningFunction } from '../signing/signing-function.js';

/**
 * A structured log event from a `DeviceAuthentication`. Never carries tokens, assertions or keys.
 *
 * @example
 * ```ts
 * import type { OnesLogEvent } from '@ones.dev/backend-modules';
 * const logger = ({ level, message }: OnesLogEvent) => console.info(`[ones] ${level}: ${message}`);
 * ```
 */
export interface OnesLogEvent {
  readonly level: 'debug' | 'info' | 'warn';
  readonly message: string;
  /**
   * What happened, as a stable name to count or alert on (e.g. `LOGIN_STORE_UNAVAILABLE`); set by the
   * login kit on every event it logs (see docs/errors.md, "Log events").
   */
  readonly code?: string;
}

/**
 * The constructor options of `DeviceAuthentication`: the vendor's shape
 * (`name`, `idpBaseUrl`, `deviceId`, `deviceClientId`, `functions.signingFunction`, `deviceIdentityUrl`,
 * `authJwtProperties`) plus optional extras.
 *
 * @example
 * ```ts
 * import { AuthJwtProperties } from '@ones.dev/common';
 * import { deviceIdentitySigningFunction, type DeviceAuthenticationOptions } from '@ones.dev/backend-modules';
 * const options: DeviceAuthenticationOptions = {
 *   name: 'shop',
 *   idpBaseUrl: 'https://id.example',
 *   deviceId: 'device-1',
 *   deviceClientId: 'client-1',
 *   functions: { signingFunction: deviceIdentitySigningFunction },
 *   deviceIdentityUrl: 'http://127.0.0.1:8000/sign',
 *   authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Authorize login to Example.com' }),
 *   deviceKeyType: 'ECC:p256',
 * };
 * ```
 */
export interface DeviceAuthenticationOptions {
  /** A name for this integration, used in log events. */
  readonly name: string;
  /**
   * The IdP base URL (`device.yml` `host`); the issuer is `{idpBaseUrl}/oidc`. The issuer itself is
   * accepted too: a URL ending in `/oidc` is taken as the issuer, and a warning is logged.
   */
  readonly idpBaseUrl: string;
  readonly deviceId: string;
  readonly deviceClientId: string;
  readonly functions: { readonly signingFunction: SigningFunction };
  /** Where the signer listens; passed to the signing function. */
  readonly deviceIdentityUrl: string;
  /** Default scope, binding message and resources of CIBA logins. */
  readonly authJwtProperties: AuthJwtProperties;
  /**
   * `device.yml` `key_type` (`loadSystemConfig().keyType`), e.g. `ECC:p256`; decides the JWS `alg`.
   * When absent, the key type is learned once from the signer's first signature (its length and
   * shape) and logged at debug level. When it contradicts the signer, signing fails with
   * `ERR_CONFIG_INVALID` naming the value to set.
   */
  readonly deviceKeyType?: string | undefined;
  /** Endpoints to use instead of the discovered ones. */
  readonly endpoints?: Partial<IdpEndpoints>;
  /** Milliseconds per IdP request; default 10 000. */
  readonly timeoutMs?: number;
  /** Seconds of clock skew tolerated by `validateJwt`; default 30. */
  readonly clockToleranceSeconds?: number;
  /**
   * Seconds `validateJwt` waits after a JWKS fetch before an unknown `kid` may trigger another;
   * default 30. Lower it only where the IdP rotates keys often (e.g. tests against dev-idp).
   */
  readonly jwksRefetchCooldownSeconds?: number;
  /**
   * A `fetch` to send every IdP request through (an undici dispatcher of your own, a proxy). By
   * default requests go out through `node:http`/`node:https` and their global agents, which
   * keep connections alive, honour `NODE_USE_ENV_PROXY` (Node 24.5+) and any agent you install, and cost
   * about half of `fetch`'s CPU per request; MSW intercepts both.
   */
  readonly fetch?: typeof fetch;
  /** A ky instance to build on (hooks, proxies, `fetch`): the SDK `.extend()`s it with its own timeout, no retries and no HTTP errors, and never mutates it. */
  readonly ky?: KyInstance;
  /** Receives log events; never secrets. */
  readonly logger?: (event: OnesLogEvent) => void;
  /**
   * Encrypted ID tokens (and UserInfo answers): the private key they are encrypted to, whose public
   * half (`encryptionPublicJwk`) is registered with the IdP. With it, `validateJwt` decrypts an ID
   * token and validates the JWT inside, and refuses a signed-only ID token unless
   * `acceptUnencrypted`. Without it, an encrypted ID token is refused.
   */
  readonly tokenDecryption?: TokenDecryptionOptions;
}

function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new OnesConfigError('ERR_CONFIG_INVALID', `"${name}" must be a non-empty string`);
  }
  return value;
}

function requireHttpUrl(value: unknown, name: string): string {
  const text = requireText(value, name);
  if (!/^https?:\/\//i.test(text) || !URL.canParse(text)) {
    throw new OnesConfigError('ERR_CONFIG_INVALID', `"${name}" must be an absolute http(s) URL`);
  }
  const url = new URL(text);
  // Credentials in a URL end up in logs; the device authenticates with its key, never with these.
  if (url.username !== '' || url.password !== '') {
    throw new OnesConfigError('ERR_CONFIG_INVALID', `"${name}" must not contain a user name or password`);
  }
  if (url.search !== '' || url.hash !== '') {
    throw new OnesConfigError('ERR_CONFIG_INVALID', `"${name}" must have no query or fragment`);
  }
  return text.replace(/\/+$/, '');
}

/** What a `DeviceAuthentication` works with: its options checked, normalised and frozen at construction. */
export interface DeviceSettings {
  readonly name: string;
  /** The IdP base URL, without a trailing slash (and without `/oidc`). */
  readonly host: string;
  readonly idpBaseUrlWasIssuer: boolean;
  readonly deviceId: string;
  readonly clientId: string;
  readonly deviceIdentityUrl: string;
  readonly signingFunction: SigningFunction;
  readonly deviceKeyType: string | undefined;
  readonly authJwtProperties: AuthJwtProperties;
  readonly endpointOverrides: Readonly<Partial<IdpEndpoints>>;
  readonly timeoutMs: number;
  readonly clockToleranceSeconds: number;
  readonly jwksRefetchCooldownSeconds: number;
  readonly fetch: typeof fetch | undefined;
  readonly ky: KyInstance | undefined;
  readonly logger: ((event: OnesLogEvent) => void) | undefined;
  readonly tokenDecryption: TokenDecryption;
}

function requireRange(value: number, min: number, max: number, name: string): number {
  if (!(value >= min && value <= max))
    throw new OnesConfigError('ERR_CONFIG_INVALID', `"${name}" must be from ${min} to ${max}`);
  return value;
}

/**
 * Checks the options at construction, naming the bad one, and returns them normalised and frozen:
 * the instance keeps this copy, never the caller's object, so changing that object later changes
 * nothing.
 */
export function checkDeviceAuthenticationOptions(options: DeviceAuthenticationOptions): DeviceSettings {
  if (typeof options !== 'object' || options === null)
    throw new OnesConfigError('ERR_CONFIG_INVALID', '"options" must be an object');
  const signingFunction = options.functions?.signingFunction;
  if (typeof signingFunction !== 'function') {
    throw new OnesConfigError('ERR_CONFIG_INVALID', '"functions.signingFunction" must be a function');
  }
  if (!(options.authJwtProperties instanceof AuthJwtProperties)) {
    throw new OnesConfigError('ERR_CONFIG_INVALID', '"authJwtProperties" must be an AuthJwtProperties');
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (!(timeoutMs > 0))
    throw new OnesConfigError('ERR_CONFIG_INVALID', '"timeoutMs" must be a positive number');
  const idpBaseUrl = requireHttpUrl(options.idpBaseUrl, 'idpBaseUrl');
  // dev-idp and discovery print the issuer, `{host}/oidc`: a pasted issuer would give `/oidc/oidc/…`.
  const isIssuer = /\/oidc$/i.test(idpBaseUrl);
  return Object.freeze({
    name: requireText(options.name, 'name'),
    host: isIssuer ? idpBaseUrl.replace(/\/oidc$/i, '') : idpBaseUrl,
    idpBaseUrlWasIssuer: isIssuer,
    deviceId: requireText(options.deviceId, 'deviceId'),
    clientId: requireText(options.deviceClientId, 'deviceClientId'),
    deviceIdentityUrl: requireHttpUrl(options.deviceIdentityUrl, 'deviceIdentityUrl'),
    signingFunction,
    deviceKeyType: options.deviceKeyType,
    authJwtProperties: options.authJwtProperties,
    endpointOverrides: Object.freeze({ ...options.endpoints }),
    timeoutMs,
    clockToleranceSeconds: requireRange(options.clockToleranceSeconds ?? 30, 0, 300, 'clockToleranceSeconds'),
    jwksRefetchCooldownSeconds: requireRange(
      options.jwksRefetchCooldownSeconds ?? 30,
      0,
      3600,
      'jwksRefetchCooldownSeconds',
    ),
    fetch: options.fetch,
    ky: options.ky,
    logger: options.logger,
    tokenDecryption: new TokenDecryption(options.tokenDecryption),
  });
}
