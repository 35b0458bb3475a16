/**
 * The px-device-identity key types dev-idp can enrol.
 *
 * @example
 * ```ts
 * import type { DevDeviceKeyType } from '@ones.dev/dev-idp';
 * const keyType: DevDeviceKeyType = 'ECC:p256';
 * ```
 */
export type DevDeviceKeyType = 'RSA:2048' | 'ECC:p256' | 'ECC:p384' | 'ECC:p521';

/** The JWS alg of each key type. */
export const ALG_BY_KEY_TYPE = {
  'RSA:2048': 'RS256',
  'ECC:p256': 'ES256',
  'ECC:p384': 'ES384',
  'ECC:p521': 'ES512',
} as const satisfies Record<DevDeviceKeyType, string>;

/** Every key type dev-idp can enrol, in the order `--help` lists them. */
export const DEV_DEVICE_KEY_TYPES = Object.keys(ALG_BY_KEY_TYPE) as readonly DevDeviceKeyType[];

/** Whether `value` is a key type dev-idp can enrol. */
export function isDevDeviceKeyType(value: unknown): value is DevDeviceKeyType {
  return typeof value === 'string' && Object.hasOwn(ALG_BY_KEY_TYPE, value);
}
