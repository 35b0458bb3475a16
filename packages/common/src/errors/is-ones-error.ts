import type { OnesErrorCode } from './error-codes.js';
import { OnesError } from './errors.js';

const ONES_ERROR_NAMES: ReadonlySet<string> = new Set([
  'OnesError',
  'OnesHttpError',
  'OnesOAuthError',
  'OnesValidationError',
  'OnesConfigError',
  'OnesSignerError',
  'OnesTimeoutError',
  'OnesAbortError',
  'OnesJwtError',
]);

/**
 * Tells whether `value` is an OnesID SDK error, optionally with a given `code`. Matches by class and
 * also by `name`, so it works when two copies of the package end up in one bundle.
 *
 * @param value - anything caught
 * @param code - when given, the error must also have this code
 * @returns `true` when `value` is an {@link OnesError} (with `code`, when given)
 * @example
 * ```ts
 * import { isOnesError, checkCibaStatusClient } from '@ones.dev/common';
 * try {
 *   await checkCibaStatusClient('https://shop.example', 'auth-req-id');
 * } catch (error) {
 *   if (isOnesError(error, 'ERR_OAUTH_ACCESS_DENIED')) console.warn('the user said no');
 * }
 * ```
 */
export function isOnesError(value: unknown, code?: OnesErrorCode): value is OnesError {
  const isOnes =
    value instanceof OnesError ||
    (value instanceof Error &&
      ONES_ERROR_NAMES.has(value.name) &&
      typeof (value as { code?: unknown }).code === 'string');
  return isOnes && (code === undefined || (value as OnesError).code === code);
}
