import * as z from 'zod/mini';
import { LOGIN_HINT_KIND } from '../../enums/login-hint-kind.js';
import { CibaAuthenticationResponseSchema } from '../idp/ciba-authentication-response.js';
import { TokenResponseSchema } from '../idp/token-response.js';
import { WireId } from '../primitives.js';

/**
 * What the browser sends to `POST /api/auth/oidc/bc-authorize`: the user to log in, and optionally how
 * `userIdentifier` names them (default: OnesID username).
 *
 * @example
 * ```ts
 * import { CibaAuthRequestFrontendDtoSchema } from '@ones.dev/common/schemas';
 * const dto = CibaAuthRequestFrontendDtoSchema.parse({ userIdentifier: 'alice' });
 * ```
 */
export const CibaAuthRequestFrontendDtoSchema = z.object({
  userIdentifier: z.string().check(z.minLength(1), z.maxLength(256)),
  loginHintKind: z.optional(z.enum(LOGIN_HINT_KIND)),
});
/** Body of the CIBA start route; see {@link CibaAuthRequestFrontendDtoSchema}. */
export type CibaAuthRequestFrontendDto = z.infer<typeof CibaAuthRequestFrontendDtoSchema>;

/**
 * What `POST /api/auth/oidc/bc-authorize` answers: the IdP's CIBA acknowledgement, passed through.
 *
 * @example
 * ```ts
 * import { CibaAuthRequestResponseDtoSchema } from '@ones.dev/common/schemas';
 * const ack = CibaAuthRequestResponseDtoSchema.parse({ auth_req_id: 'abc', expires_in: 120, interval: 5 });
 * ```
 */
export const CibaAuthRequestResponseDtoSchema = CibaAuthenticationResponseSchema;
/** Answer of the CIBA start route; see {@link CibaAuthRequestResponseDtoSchema}. */
export type CibaAuthRequestResponseDto = z.infer<typeof CibaAuthRequestResponseDtoSchema>;

/**
 * What the browser sends to `POST /api/auth/oidc/token` to ask whether a CIBA login finished.
 *
 * @example
 * ```ts
 * import { CibaAuthStatusRequestFrontendDtoSchema } from '@ones.dev/common/schemas';
 * const dto = CibaAuthStatusRequestFrontendDtoSchema.parse({ authRequestId: 'abc' });
 * ```
 */
export const CibaAuthStatusRequestFrontendDtoSchema = z.object({ authRequestId: WireId });
/** Body of the CIBA status route; see {@link CibaAuthStatusRequestFrontendDtoSchema}. */
export type CibaAuthStatusRequestFrontendDto = z.infer<typeof CibaAuthStatusRequestFrontendDtoSchema>;

/**
 * What `POST /api/auth/oidc/token` answers once the user approved: the tokens. While the login is
 * pending the route answers HTTP 400 instead.
 *
 * @example
 * ```ts
 * import { CibaAuthStatusResponseDtoSchema } from '@ones.dev/common/schemas';
 * const tokens = CibaAuthStatusResponseDtoSchema.parse({ access_token: 'at', token_type: 'Bearer' });
 * ```
 */
export const CibaAuthStatusResponseDtoSchema = TokenResponseSchema;
/** Answer of the CIBA status route; see {@link CibaAuthStatusResponseDtoSchema}. */
export type CibaAuthStatusResponseDto = z.infer<typeof CibaAuthStatusResponseDtoSchema>;
