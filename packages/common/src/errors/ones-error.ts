import type { OnesErrorCode } from './ones-error-code.js';

/** Options every OnesID error accepts. */
export interface OnesErrorOptions {
  /** The underlying error (a fetch `TypeError`, a `DOMException`, a zod issue list, …). */
  readonly cause?: unknown;
}

/**
 * The root of every error the SDK throws. Catch it to handle all OnesID failures at once; switch on
 * `code` (stable) rather than on `message` (for humans, may improve).
 *
 * @example
 * ```ts
 * import { OnesError, makeQrSessionClientV2 } from '@ones.dev/common';
 * try {
 *   await makeQrSessionClientV2('https://shop.example');
 * } catch (error) {
 *   if (error instanceof OnesError) console.warn(error.code, error.message);
 * }
 * ```
 */
export class OnesError extends Error {
  override readonly name: string = 'OnesError';
  /** A stable, machine-readable code; see {@link OnesErrorCode}. */
  // `declare`: set in the constructor, without a field definition the bundles would carry (each
  // error class's fields do the same; the browser helpers have a budget of 3 kB)
  declare readonly code: OnesErrorCode;

  constructor(code: OnesErrorCode, message: string, options: OnesErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.code = code;
  }
}
