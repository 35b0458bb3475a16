import { failArgument } from '../internal/fail-argument.js';
import { isWireId } from '../wire/wire-id.js';

// Crockford's base32: no I, L, O or U, so a code read aloud or typed is not misread.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 4;

/**
 * The short code that tells one login from another: 4 characters from the login's `auth_req_id`.
 * The OnesID approval screen shows it next to the binding message, and your page can show the same
 * code next to "approve on your phone", so a user with two logins waiting approves the right one.
 * It is a checksum for human eyes, not a secret: anyone who knows the `auth_req_id` can compute it.
 *
 * @param authReqId - the `auth_req_id` of a CIBA login (or the `authRequestId` of a scanned QR session)
 * @returns four characters of Crockford's base32, e.g. `'K7Q2'`
 * @throws OnesValidationError `ERR_VALIDATION_ARGUMENT` when `authReqId` is not an id from the IdP
 * @example
 * ```ts
 * import { buildLoginCode, makeCibaRequestClient } from '@ones.dev/common';
 * const login = await makeCibaRequestClient('https://shop.example', 'alice');
 * console.info(`Approve the login with code ${buildLoginCode(login.auth_req_id)} on your phone`);
 * ```
 */
export function buildLoginCode(authReqId: string): string {
  if (!isWireId(authReqId)) failArgument('authReqId', 'must be 1 to 512 visible ASCII characters');
  // FNV-1a, 32 bits: wire ids are ASCII, so one char code is one byte.
  let hash = 0x811c9dc5;
  for (let index = 0; index < authReqId.length; index += 1) {
    hash = Math.imul(hash ^ authReqId.charCodeAt(index), 0x01000193) >>> 0;
  }
  let code = '';
  for (let index = 0; index < CODE_LENGTH; index += 1) {
    code += ALPHABET[hash & 31];
    hash >>>= 5;
  }
  return code;
}
