import { isIP } from 'node:net';
import { OnesValidationError } from '@ones.dev/common';

/**
 * Checks the browser address a route passes on with a QR session: one IPv4 or IPv6 address, not a
 * raw `x-forwarded-for` list (take the entry your trusted proxy added).
 *
 * @throws OnesValidationError `ERR_VALIDATION_ARGUMENT`
 */
export function checkOriginIp(originIp: string | undefined): string | undefined {
  if (originIp === undefined) return undefined;
  // isIP accepts IPv6 zone ids (`fe80::1%anything`): free text the phone would show; refuse it.
  if (typeof originIp !== 'string' || originIp.includes('%') || isIP(originIp) === 0) {
    throw new OnesValidationError(
      'ERR_VALIDATION_ARGUMENT',
      '"originIp" must be one IPv4 or IPv6 address (take the x-forwarded-for entry your proxy added)',
    );
  }
  return originIp;
}
