/**
 * The current time as whole seconds since the Unix epoch, plus an optional offset — the unit of JWT
 * `iat`/`exp`/`nbf` claims.
 *
 * @param offsetSeconds - seconds to add (negative for the past); default 0
 * @returns `floor(Date.now() / 1000) + offsetSeconds`
 * @example
 * ```ts
 * import { unixTimeInSeconds } from '@ones.dev/common';
 * const exp = unixTimeInSeconds(300); // five minutes from now
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-2 (NumericDate)
 */
export function unixTimeInSeconds(offsetSeconds = 0): number {
  return Math.floor(Date.now() / 1000) + Math.trunc(offsetSeconds);
}
