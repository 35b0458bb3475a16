import * as z from 'zod/mini';
import { NonEmptyString, PositiveSeconds } from '../primitives.js';

/**
 * A successful answer of the token endpoint (client_credentials, CIBA, refresh).
 *
 * @example
 * ```ts
 * import { TokenResponseSchema } from '@ones.dev/common/schemas';
 * const tokens = TokenResponseSchema.parse({ access_token: 'at', token_type: 'Bearer', expires_in: 3600 });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export const TokenResponseSchema = z.looseObject({
  access_token: NonEmptyString,
  token_type: NonEmptyString,
  expires_in: z.optional(PositiveSeconds),
  refresh_token: z.optional(NonEmptyString),
  id_token: z.optional(NonEmptyString),
  scope: z.optional(z.string()),
});
/** A successful token endpoint answer; see {@link TokenResponseSchema}. */
export type TokenResponse = z.infer<typeof TokenResponseSchema>;
