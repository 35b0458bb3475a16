import * as z from 'zod/mini';
import { NonEmptyString } from '../primitives.js';

/**
 * An OAuth error body: `{ error, error_description?, error_uri? }`.
 *
 * @example
 * ```ts
 * import { OAuthErrorResponseSchema } from '@ones.dev/common/schemas';
 * const { error } = OAuthErrorResponseSchema.parse({ error: 'authorization_pending' });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
export const OAuthErrorResponseSchema = z.looseObject({
  error: NonEmptyString,
  error_description: z.optional(z.string()),
  error_uri: z.optional(z.string()),
});
/** An OAuth error body; see {@link OAuthErrorResponseSchema}. */
export type OAuthErrorResponse = z.infer<typeof OAuthErrorResponseSchema>;
