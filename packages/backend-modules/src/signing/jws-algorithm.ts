import { OnesConfigError } from '@ones.dev/common';

/**
 * The JWS algorithms a device key can sign with: RS256 for RSA keys, ES256/384/512 for P-256/384/521.
 *
 * @example
 * ```ts
 * import type { JwsAlgorithm } from '@ones.dev/backend-modules';
 * const alg: JwsAlgorithm = 'ES256';
 * ```
 */
export type JwsAlgorithm = 'RS256' | 'ES256' | 'ES384' | 'ES512';

const ALG_BY_CURVE: Readonly<Record<string, JwsAlgorithm>> = { p256: 'ES256', p384: 'ES384', p521: 'ES512' };

/**
 * The JWS `alg` for a px-device-identity `key_type`: `RSA:*` → RS256, `ECC:p256|p384|p521` → ES256|ES384|ES512.
 *
 * @param keyType - `device.yml` `key_type`, e.g. `ECC:p256`
 * @returns the algorithm
 * @throws OnesConfigError `ERR_CONFIG_INVALID` for an unknown key type
 * @example
 * ```ts
 * import { jwsAlgorithmForKeyType } from '@ones.dev/backend-modules';
 * jwsAlgorithmForKeyType('ECC:p256'); // 'ES256'
 * ```
 */
export function jwsAlgorithmForKeyType(keyType: string): JwsAlgorithm {
  const [family, size] = typeof keyType === 'string' ? keyType.split(':') : [];
  if (family === 'RSA' && /^(2048|3072|4096)$/.test(size ?? '')) return 'RS256';
  const alg = family === 'ECC' ? ALG_BY_CURVE[size ?? ''] : undefined;
  if (alg === undefined) {
    throw new OnesConfigError(
      'ERR_CONFIG_INVALID',
      `"deviceKeyType" must be RSA:2048|3072|4096 or ECC:p256|p384|p521 (got ${JSON.stringify(String(keyType).slice(0, 20))})`,
    );
  }
  return alg;
}
