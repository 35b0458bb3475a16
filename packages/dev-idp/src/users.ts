import type { PersonalDataConsentProperty } from '@ones.dev/common';

/**
 * A user of the local OnesID: who a login can name (username, email, phone or `sub`), and the
 * verified profile a consent request can release.
 *
 * @example
 * ```ts
 * import type { DevIdpUser } from '@ones.dev/dev-idp';
 * const carol: DevIdpUser = { username: 'carol', sub: 'user-carol', email: 'carol@example.com', profile: { firstName: 'Carol' } };
 * ```
 */
export interface DevIdpUser {
  readonly username: string;
  readonly sub: string;
  readonly email?: string;
  readonly phone?: string;
  readonly profile?: Readonly<Partial<Record<PersonalDataConsentProperty, string>>>;
}

/**
 * The seeded demo users: alice and bob, with profile data for consent.
 *
 * @example
 * ```ts
 * import { DEMO_USERS } from '@ones.dev/dev-idp';
 * console.info(DEMO_USERS.map((user) => user.username));
 * ```
 */
export const DEMO_USERS: readonly DevIdpUser[] = [
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

/** The user a CIBA login hint `{ kind, value }` names, if any. */
export function findUser(
  users: readonly DevIdpUser[],
  hint: { kind: string; value: string },
): DevIdpUser | undefined {
  const field = ({ username: 'username', email: 'email', phone: 'phone', sub: 'sub' } as const)[
    hint.kind as 'sub'
  ];
  return field === undefined ? undefined : users.find((user) => user[field] === hint.value);
}
