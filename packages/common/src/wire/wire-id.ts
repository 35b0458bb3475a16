/**
 * The one rule for an opaque id on the wire (`auth_req_id`, a QR `sessionId`, a consent `id`): 1 to
 * 512 visible ASCII characters, and not `.` or `..`, which URL parsing would resolve to another path
 * when the id goes into one. The schemas, the browser helpers, the backend and the test doubles all
 * use it.
 */
export const WIRE_ID_PATTERN = /^(?!\.\.?$)[\x21-\x7E]{1,512}$/;

/**
 * Tells whether `value` is an opaque id as the wire carries it: see {@link WIRE_ID_PATTERN}.
 *
 * @param value - anything
 * @returns whether it is such an id
 * @example
 * ```ts
 * import { isWireId } from '@ones.dev/common/internal';
 * isWireId('qr-1'); // true
 * isWireId('..'); // false
 * ```
 */
export function isWireId(value: unknown): value is string {
  return typeof value === 'string' && WIRE_ID_PATTERN.test(value);
}
