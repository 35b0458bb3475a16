/**
 * The personal data a consent request can ask a user to release, as the vendor names them. Use the
 * values in `content: [{ name }]` of a consent request.
 *
 * @example
 * ```ts
 * import { PERSONAL_DATA_CONSENT_PROPERTIES } from '@ones.dev/common';
 * const content = [{ name: PERSONAL_DATA_CONSENT_PROPERTIES.EMAIL }, { name: PERSONAL_DATA_CONSENT_PROPERTIES.FULL_NAME }];
 * ```
 */
export const PERSONAL_DATA_CONSENT_PROPERTIES = {
  FIRST_NAME: 'firstName',
  LAST_NAME: 'lastName',
  LOCALIZED_FIRST_NAME: 'localizedFirstName',
  LOCALIZED_LAST_NAME: 'localizedLastName',
  IDENTITY_DOCUMENT_NUMBER: 'identityDocumentNumber',
  IDENTITY_DOCUMENT_ISSUE_DATE: 'identityDocumentIssueDate',
  IDENTITY_DOCUMENT_EXPIRY_DATE: 'identityDocumentExpiryDate',
  DATE_OF_BIRTH: 'dateOfBirth',
  EMAIL: 'email',
  PHONE_NUMBER: 'phoneNumber',
  LOCALIZED_FULL_NAME: 'localizedFullName',
  FULL_NAME: 'fullName',
} as const;

/** One value of {@link PERSONAL_DATA_CONSENT_PROPERTIES}, e.g. `'email'`. */
export type PersonalDataConsentProperty =
  (typeof PERSONAL_DATA_CONSENT_PROPERTIES)[keyof typeof PERSONAL_DATA_CONSENT_PROPERTIES];
