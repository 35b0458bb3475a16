import { OnesSignerError } from '@ones.dev/common';
import type { JwsAlgorithm } from './jws-algorithm.js';

/** Bytes of one ECDSA coordinate (`r` or `s`) per algorithm. */
export const COORDINATE_BYTES: Readonly<Record<string, number>> = { ES256: 32, ES384: 48, ES512: 66 };
/** Lengths of RSA PKCS#1 v1.5 signatures from 2048-, 3072- and 4096-bit keys. */
export const RSA_SIGNATURE_BYTES: ReadonlySet<number> = new Set([256, 384, 512]);

function invalid(detail: string): OnesSignerError {
  return new OnesSignerError('ERR_SIGNER_RESPONSE_INVALID', `the device signer returned ${detail}`);
}

/** Reads one DER INTEGER at `offset`; returns its unsigned big-endian bytes and the next offset. */
function readDerInteger(der: Uint8Array, offset: number): { bytes: Uint8Array; next: number } {
  if (der[offset] !== 0x02) throw invalid('a DER signature without an INTEGER where r or s should be');
  const length = der[offset + 1] ?? 0;
  const start = offset + 2;
  if (length === 0 || length > 0x7f || start + length > der.length)
    throw invalid('a DER signature with a bad INTEGER length');
  let bytes = der.subarray(start, start + length);
  while (bytes.length > 1 && bytes[0] === 0) bytes = bytes.subarray(1);
  return { bytes, next: start + length };
}

function leftPad(bytes: Uint8Array, size: number): Uint8Array {
  if (bytes.length > size) throw invalid('a DER signature whose r or s is too long for the curve');
  const out = new Uint8Array(size);
  out.set(bytes, size - bytes.length);
  return out;
}

/**
 * Reads a DER ECDSA signature, `SEQUENCE { INTEGER r, INTEGER s }`, into the unsigned bytes of `r`
 * and `s` (leading zeros removed). P-521 signatures use the long length form `0x81 nn`.
 *
 * @throws OnesSignerError `ERR_SIGNER_RESPONSE_INVALID` when the bytes are not such a signature
 */
export function readDerSignature(der: Uint8Array): { r: Uint8Array; s: Uint8Array } {
  if (der[0] !== 0x30) throw invalid(`a ${der.length}-byte signature that is neither raw r‖s nor DER`);
  const longForm = der[1] === 0x81;
  const bodyStart = longForm ? 3 : 2;
  const bodyLength = longForm ? (der[2] ?? 0) : (der[1] ?? 0);
  if (bodyStart + bodyLength !== der.length) throw invalid('a DER signature with a bad SEQUENCE length');
  const r = readDerInteger(der, bodyStart);
  const s = readDerInteger(der, r.next);
  if (s.next !== der.length) throw invalid('a DER signature with trailing bytes');
  return { r: r.bytes, s: s.bytes };
}

function derToRaw(der: Uint8Array, size: number): Uint8Array {
  const { r, s } = readDerSignature(der);
  const raw = new Uint8Array(size * 2);
  raw.set(leftPad(r, size), 0);
  raw.set(leftPad(s, size), size);
  return raw;
}

/**
 * Turns a signature from a signer into its JOSE form and checks its length for the algorithm: ECDSA
 * signatures may arrive raw (`r‖s`) or DER-encoded and leave as raw `r‖s`; RSA signatures must be
 * 256, 384 or 512 bytes.
 *
 * @throws OnesSignerError `ERR_SIGNER_RESPONSE_INVALID` when the bytes cannot be a signature for `alg`
 */
export function toJoseSignature(signature: Uint8Array, alg: JwsAlgorithm): Uint8Array {
  if (alg === 'RS256') {
    if (!RSA_SIGNATURE_BYTES.has(signature.length))
      throw invalid(`a ${signature.length}-byte signature for RS256`);
    return signature;
  }
  const size = COORDINATE_BYTES[alg] ?? 0;
  return signature.length === size * 2 ? signature : derToRaw(signature, size);
}
