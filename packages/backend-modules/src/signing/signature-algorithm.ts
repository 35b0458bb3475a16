import { OnesSignerError } from '@ones.dev/common';
import { COORDINATE_BYTES, RSA_SIGNATURE_BYTES, readDerSignature } from './ecdsa-signature.js';
import type { JwsAlgorithm } from './jws-algorithm.js';

const EC_ALGORITHMS = ['ES256', 'ES384', 'ES512'] as const;

/** The DER signature's longer coordinate, in bytes; `undefined` when the bytes are not DER. */
function derCoordinateBytes(signature: Uint8Array): number | undefined {
  try {
    const { r, s } = readDerSignature(signature);
    return Math.max(r.length, s.length);
  } catch {
    return undefined;
  }
}

/**
 * Whether `signature` can be a signature for `alg`, judged by its length and shape: RSA 256, 384 or
 * 512 bytes; ECDSA raw `r‖s` of the curve's size, or DER whose `r` and `s` fit the curve.
 */
export function signatureFits(signature: Uint8Array, alg: JwsAlgorithm): boolean {
  if (alg === 'RS256') return RSA_SIGNATURE_BYTES.has(signature.length);
  const size = COORDINATE_BYTES[alg] ?? 0;
  if (signature.length === size * 2) return true;
  const coordinate = derCoordinateBytes(signature);
  return coordinate !== undefined && coordinate <= size;
}

/**
 * The algorithm a signature was made with, told from its length and shape: RSA signatures are 256,
 * 384 or 512 bytes; ECDSA ones are raw `r‖s` (64, 96 or 132 bytes) or DER, whose longest coordinate
 * tells the curve (a P-384 or P-521 signature passes for a smaller curve only with a chance of 2^-128).
 *
 * @throws OnesSignerError `ERR_SIGNER_RESPONSE_INVALID` when it is neither an RSA nor an ECDSA signature
 */
export function algorithmOfSignature(signature: Uint8Array): JwsAlgorithm {
  if (RSA_SIGNATURE_BYTES.has(signature.length)) return 'RS256';
  const raw = EC_ALGORITHMS.find((alg) => signature.length === (COORDINATE_BYTES[alg] ?? 0) * 2);
  if (raw !== undefined) return raw;
  const coordinate = derCoordinateBytes(signature) ?? Number.POSITIVE_INFINITY;
  const der = EC_ALGORITHMS.find((alg) => coordinate <= (COORDINATE_BYTES[alg] ?? 0));
  if (der !== undefined) return der;
  throw new OnesSignerError(
    'ERR_SIGNER_RESPONSE_INVALID',
    `the device signer returned a ${signature.length}-byte signature, which is neither RSA nor ECDSA`,
  );
}

const RSA_KEY_TYPE_BY_BYTES: Readonly<Record<number, string>> = {
  256: 'RSA:2048',
  384: 'RSA:3072',
  512: 'RSA:4096',
};

/** The px-device-identity `key_type` of the key that made `signature` with `alg`, e.g. `ECC:p256`. */
export function keyTypeOfSignature(signature: Uint8Array, alg: JwsAlgorithm): string {
  if (alg === 'RS256') return RSA_KEY_TYPE_BY_BYTES[signature.length] ?? 'RSA:2048';
  return { ES256: 'ECC:p256', ES384: 'ECC:p384', ES512: 'ECC:p521' }[alg];
}
