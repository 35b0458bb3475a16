import type { DeviceAuthenticationOptions } from '../device-authentication/device-authentication-options.js';
import { deviceIdentitySigningFunction } from '../signing/device-identity-signing-function.js';
import { DEFAULT_DEVICE_IDENTITY_URL } from '../signing/signer-answer.js';
import type { SigningFunction } from '../signing/signing-function.js';
import type { SystemConfig } from './load-system-config.js';

/**
 * Options of `DeviceAuthentication.fromSystemConfig`: what `device.yml` does not say. The device's ids,
 * IdP and key type come from the config; the signer defaults to px-device-identity-service.
 *
 * @example
 * ```ts
 * import { AuthJwtProperties } from '@ones.dev/common';
 * import type { FromSystemConfigOptions } from '@ones.dev/backend-modules';
 * const options: FromSystemConfigOptions = {
 *   authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Log in to Shop' }),
 *   deviceIdentityUrl: 'http://127.0.0.1:8001/sign',
 * };
 * ```
 */
export type FromSystemConfigOptions = Omit<
  DeviceAuthenticationOptions,
  'name' | 'idpBaseUrl' | 'deviceId' | 'deviceClientId' | 'deviceKeyType' | 'functions' | 'deviceIdentityUrl'
> & {
  /** A name for log events; default `device-auth`. */
  readonly name?: string;
  /** Default: `deviceIdentitySigningFunction` (px-device-identity-service). */
  readonly functions?: { readonly signingFunction: SigningFunction };
  /** Where the signer listens; default the config's `deviceIdentityUrl` (`device_identity_url` in device.yml), else `http://127.0.0.1:8000/sign`. */
  readonly deviceIdentityUrl?: string | undefined;
};

/** The constructor options for the device `config` describes. */
export function optionsFromSystemConfig(
  config: SystemConfig,
  options: FromSystemConfigOptions,
): DeviceAuthenticationOptions {
  return {
    ...options,
    name: options.name ?? 'device-auth',
    idpBaseUrl: config.authServerUrl,
    deviceId: config.deviceId,
    deviceClientId: config.clientId,
    deviceKeyType: config.keyType,
    functions: options.functions ?? { signingFunction: deviceIdentitySigningFunction },
    deviceIdentityUrl: options.deviceIdentityUrl ?? config.deviceIdentityUrl ?? DEFAULT_DEVICE_IDENTITY_URL,
  };
}
