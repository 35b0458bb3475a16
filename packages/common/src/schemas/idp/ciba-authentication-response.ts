import * as z from 'zod/mini';
import { NonNegativeSeconds, PositiveSeconds, WireId } from '../primitives.js';

/**
 * The IdP's acknowledgement of a CIBA request (`bc-authorize`). A missing `interval` means 5 seconds.
 *
 * @example
 * ```ts
 * import { CibaAuthenticationResponseSchema } from '@ones.dev/common/schemas';
 * const ack = CibaAuthenticationResponseSchema.parse({ auth_req_id: 'abc', expires_in: 120 });
 * ```
 * @see https://openid.net/specs/openid-client-initiated-backchannel-authentication-core-1_0.html#rfc.section.7.3
 */
export const CibaAuthenticationResponseSchema = z.looseObject({
  auth_req_id: WireId,
  expires_in: PositiveSeconds,
  interval: z.optional(NonNegativeSeconds),
});
/** The IdP's CIBA acknowledgement; see {@link CibaAuthenticationResponseSchema}. */
export type CibaAuthenticationResponse = z.infer<typeof CibaAuthenticationResponseSchema>;
