import * as z from 'zod/mini';
import { LOGIN_HINT_KIND } from '../../enums/login-hint-kind.js';

/**
 * Who a CIBA login is for: `{ kind, value }`. Sent as the JSON *string* `login_hint_token` inside the
 * request object.
 *
 * @example
 * ```ts
 * import { LoginHintSchema } from '@ones.dev/common/schemas';
 * const hint = LoginHintSchema.parse({ kind: 'username', value: 'alice' });
 * ```
 */
export const LoginHintSchema = z.object({
  kind: z.enum(LOGIN_HINT_KIND),
  value: z.string().check(z.minLength(1), z.maxLength(256)),
});
/** Who a CIBA login is for; see {@link LoginHintSchema}. */
export type LoginHint = z.infer<typeof LoginHintSchema>;
