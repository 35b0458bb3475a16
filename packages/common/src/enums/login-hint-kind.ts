/**
 * How a CIBA login names the user (`login_hint_token` `kind`): by OnesID username, e-mail address,
 * phone number, or subject identifier (`sub` of an earlier ID token).
 *
 * @example
 * ```ts
 * import { LOGIN_HINT_KIND } from '@ones.dev/common';
 * const loginHint = { kind: LOGIN_HINT_KIND.USERNAME, value: 'alice' };
 * ```
 */
export const LOGIN_HINT_KIND = {
  USERNAME: 'username',
  EMAIL: 'email',
  PHONE: 'phone',
  SUBJECT: 'sub',
} as const;

/** One value of {@link LOGIN_HINT_KIND}. */
export type LoginHintKind = (typeof LOGIN_HINT_KIND)[keyof typeof LOGIN_HINT_KIND];
