import { exportJWK, exportPKCS8, generateKeyPair, type JWK } from 'jose';

/** The px-device-identity key types the SDK supports. */
export type TestDeviceKeyType = 'RSA:2048' | 'ECC:p256' | 'ECC:p384' | 'ECC:p521';

const ALG_BY_KEY_TYPE = {
  'RSA:2048': 'RS256',
  'ECC:p256': 'ES256',
  'ECC:p384': 'ES384',
  'ECC:p521': 'ES512',
} as const;

/**
 * A registered device for tests: ids, a fresh key pair of the given type, and the key in every form
 * a test needs (PKCS#8 PEM for `createKeySigningFunction`, public JWK for the fake IdP).
 *
 * @example
 * ```ts
 * import { createTestDevice } from '@ones.dev/testing';
 * const device = await createTestDevice({ keyType: 'ECC:p256' });
 * console.log(device.clientId, device.alg);
 * ```
 */
export interface TestDevice {
  readonly deviceId: string;
  readonly clientId: string;
  readonly keyType: TestDeviceKeyType;
  readonly alg: (typeof ALG_BY_KEY_TYPE)[TestDeviceKeyType];
  readonly privateKeyPem: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

/**
 * Makes a {@link TestDevice} with a new key pair.
 *
 * @param options - key type (default `ECC:p256`) and ids (default random)
 * @returns the device
 * @example
 * ```ts
 * import { createTestDevice } from '@ones.dev/testing';
 * const rsaDevice = await createTestDevice({ keyType: 'RSA:2048', clientId: 'shop-backend' });
 * ```
 */
export async function createTestDevice(
  options: {
    readonly keyType?: TestDeviceKeyType;
    readonly deviceId?: string;
    readonly clientId?: string;
  } = {},
): Promise<TestDevice> {
  const keyType = options.keyType ?? 'ECC:p256';
  const alg = ALG_BY_KEY_TYPE[keyType];
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return {
    deviceId: options.deviceId ?? `device-${crypto.randomUUID()}`,
    clientId: options.clientId ?? `client-${crypto.randomUUID()}`,
    keyType,
    alg,
    privateKeyPem: await exportPKCS8(privateKey),
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), alg, use: 'sig' },
  };
}
