import { base64url } from 'jose';
import type { JwsAlgorithm } from '../signing/jws-algorithm.js';

const encoder = new TextEncoder();
const encodePart = (value: unknown) => base64url.encode(encoder.encode(JSON.stringify(value)));

/**
 * Builds a compact JWS `header.payload.signature` whose signature comes from `sign` (the device's
 * signing function, which may live in another process).
 */
export async function signCompactJwt(
  alg: JwsAlgorithm,
  payload: Readonly<Record<string, unknown>>,
  sign: (message: string) => Promise<string>,
): Promise<string> {
  const message = `${encodePart({ alg, typ: 'JWT' })}.${encodePart(payload)}`;
  return `${message}.${await sign(message)}`;
}
