/** Longest binding message accepted; the phone shows it in one short paragraph. */
export const MAX_BINDING_MESSAGE_LENGTH = 128;

// Printable text in any script, spaces allowed; no control characters, no line breaks.
const PRINTABLE_TEXT = /^[^\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+$/u;

/**
 * The one rule for a CIBA binding message, which the SDK checks before sending and the IdP before
 * showing it on the phone: printable text in any script, 1 to 128 characters, not only spaces.
 *
 * @param value - anything
 * @returns whether it is a binding message the IdP accepts
 * @example
 * ```ts
 * import { isBindingMessage } from '@ones.dev/common/internal';
 * isBindingMessage('Log in to Shop: code K7Q2'); // true
 * isBindingMessage('two\nlines'); // false
 * ```
 */
export function isBindingMessage(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.trim() !== '' &&
    value.length <= MAX_BINDING_MESSAGE_LENGTH &&
    PRINTABLE_TEXT.test(value)
  );
}
