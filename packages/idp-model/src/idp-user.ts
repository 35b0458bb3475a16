import type { PersonalDataConsentProperty } from '@ones.dev/common';

/**
 * A user of a OnesID stand-in (dev-idp or the MSW fake): who a login can name (username, email,
 * phone or `sub`), and the verified profile a consent request can release.
 *
 * @example
 * ```ts
 * import type { IdpUser } from '@ones.dev/testing'; // or '@ones.dev/dev-idp'
 * const carol: IdpUser = { username: 'carol', sub: 'user-carol', email: 'carol@example.com', profile: { firstName: 'Carol' } };
 * ```
 */
export interface IdpUser {
  readonly username: string;
  readonly sub: string;
  readonly email?: string;
  readonly phone?: string;
  readonly profile?: Readonly<Partial<Record<PersonalDataConsentProperty, string>>>;
}

/**
 * The seeded demo users of both stand-ins: alice and bob, with profile data for consent.
 *
 * @example
 * ```ts
 * import { DEMO_USERS } from '@ones.dev/dev-idp';
 * console.info(DEMO_USERS.map((user) => user.username)); // ['alice', 'bob']
 * ```
 */
export const DEMO_USERS: readonly IdpUser[] = [
  {
    username: 'alice',
    sub: 'user-alice',
    email: 'alice@example.com',
    phone: '+15550100',
    profile: {
      firstName: 'Alice',
      lastName: 'Example',
      fullName: 'Alice Example',
      email: 'alice@example.com',
      phoneNumber: '+15550100',
      dateOfBirth: '1990-04-01',
      identityDocumentNumber: 'X1234567',
    },
  },
  {
    username: 'bob',
    sub: 'user-bob',
    email: 'bob@example.com',
    phone: '+15550101',
    profile: { firstName: 'Bob', lastName: 'Sample', fullName: 'Bob Sample', email: 'bob@example.com' },
  },
];

/** The login hint kinds, each the name of the user field it matches. */
const HINT_FIELDS = ['username', 'email', 'phone', 'sub'] as const;
const isHintField = (kind: string): kind is (typeof HINT_FIELDS)[number] =>
  (HINT_FIELDS as readonly string[]).includes(kind);

/**
 * The user a login hint `{ kind, value }` names, if any.
 *
 * @example
 * ```ts
 * import { DEMO_USERS, findUser } from '@ones.dev/idp-model';
 * findUser(DEMO_USERS, { kind: 'email', value: 'bob@example.com' })?.sub; // 'user-bob'
 * ```
 */
export function findUser(
  users: readonly IdpUser[],
  hint: { readonly kind: string; readonly value: string },
): IdpUser | undefined {
  const field = hint.kind;
  return isHintField(field) ? users.find((user) => user[field] === hint.value) : undefined;
}

/**
 * The `{ kind, value }` in a `login_hint_token` (a JSON string in the CIBA request object), read as
 * loosely as OnesID reads it: any string kind (`findUser` then says whether it names anyone).
 *
 * @example
 * ```ts
 * import { DEMO_USERS, findUser, loginHintOfToken } from '@ones.dev/idp-model';
 * const hint = loginHintOfToken('{"kind":"username","value":"alice"}');
 * const user = hint && findUser(DEMO_USERS, hint); // alice
 * ```
 */
export function loginHintOfToken(
  token: unknown,
): { readonly kind: string; readonly value: string } | undefined {
  if (typeof token !== 'string') return undefined;
  try {
    const { kind, value } = (JSON.parse(token) ?? {}) as { kind?: unknown; value?: unknown };
    return typeof kind === 'string' && typeof value === 'string' ? { kind, value } : undefined;
  } catch {
    return undefined;
  }
}
