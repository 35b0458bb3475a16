import * as z from 'zod/mini';
import { UnixTime } from '../primitives.js';

/**
 * The introspection endpoint's answer. Only `active` is always present; an inactive token carries
 * nothing else.
 *
 * @example
 * ```ts
 * import { TokenIntrospectionResponseSchema } from '@ones.dev/common/schemas';
 * const { active } = TokenIntrospectionResponseSchema.parse({ active: false });
 * ```
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2.2
 */
export const TokenIntrospectionResponseSchema = z.looseObject({
  active: z.boolean(),
  scope: z.optional(z.string()),
  client_id: z.optional(z.string()),
  username: z.optional(z.string()),
  token_type: z.optional(z.string()),
  exp: z.optional(UnixTime),
  iat: z.optional(UnixTime),
  nbf: z.optional(UnixTime),
  sub: z.optional(z.string()),
  aud: z.optional(z.union([z.string(), z.array(z.string())])),
  iss: z.optional(z.string()),
  jti: z.optional(z.string()),
});
/** The introspection answer; see {@link TokenIntrospectionResponseSchema}. */
export type TokenIntrospectionResponse = z.infer<typeof TokenIntrospectionResponseSchema>;
