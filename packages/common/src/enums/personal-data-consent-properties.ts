/**
 * The personal data a consent request can ask a user to release, as the vendor names them. Use the
 * values in `content: [{ name }]` of a consent request. Like the vendor's `export enum`, the name is
 * a value and a type: `PERSONAL_DATA_CONSENT_PROPERTIES` is any of the values, and
 * `PERSONAL_DATA_CONSENT_PROPERTIES.EMAIL` is that one value's type.
 *
 * @example
 * ```ts
 * import { PERSONAL_DATA_CONSENT_PROPERTIES } from '@ones.dev/common';
 * const wanted: PERSONAL_DATA_CONSENT_PROPERTIES[] = [PERSONAL_DATA_CONSENT_PROPERTIES.EMAIL];
 * const content = wanted.map((name) => ({ name }));
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

/** Any value of {@link PERSONAL_DATA_CONSENT_PROPERTIES}, used as a type (as with the vendor's enum). */
export type PERSONAL_DATA_CONSENT_PROPERTIES = PersonalDataConsentProperty;

// The members as types, `PERSONAL_DATA_CONSENT_PROPERTIES.EMAIL`, as an enum's members are.
export declare namespace PERSONAL_DATA_CONSENT_PROPERTIES {
  type FIRST_NAME = (typeof PERSONAL_DATA_CONSENT_PROPERTIES)['FIRST_NAME'];
  type LAST_NAME = (typeof PERSONAL_DATA_CONSENT_PROPERTIES)['LAST_NAME'];
  type LOCALIZED_FIRST_NAME = (typeof PERSONAL_DATA_CONSENT_PROPERTIES)['LOCALIZED_FIRST_NAME'];
  type LOCALIZED_LAST_NAME = (typeof PERSONAL_DATA_CONSENT_PROPERTIES)['LOCALIZED_LAST_NAME'];
  type IDENTITY_DOCUMENT_NUMBER = (typeof PERSONAL_DATA_CONSENT_PROPERTIES)['IDENTITY_DOCUMENT_NUMBER'];
  type IDENTITY_DOCUMENT_ISSUE_DATE =
    (typeof PERSONAL_DATA_CONSENT_PROPERTIES)['IDENTITY_DOCUMENT_ISSUE_DATE'];
  type IDENTITY_DOCUMENT_EXPIRY_DATE =
    (typeof PERSONAL_DATA_CONSENT_PROPERTIES)['IDENTITY_DOCUMENT_EXPIRY_DATE'];
  type DATE_OF_BIRTH = (typeof PERSONAL_DATA_CONSENT_PROPERTIES)['DATE_OF_BIRTH'];
  type EMAIL = (typeof PERSONAL_DATA_CONSENT_PROPERTIES)['EMAIL'];
  type PHONE_NUMBER = (typeof PERSONAL_DATA_CONSENT_PROPERTIES)['PHONE_NUMBER'];
  type LOCALIZED_FULL_NAME = (typeof PERSONAL_DATA_CONSENT_PROPERTIES)['LOCALIZED_FULL_NAME'];
  type FULL_NAME = (typeof PERSONAL_DATA_CONSENT_PROPERTIES)['FULL_NAME'];
}
