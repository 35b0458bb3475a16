import { describe, expect, it } from 'vitest';
import { CONSENT_STATUS } from './consent-status.js';
import { LOGIN_HINT_KIND } from './login-hint-kind.js';
import { PERSONAL_DATA_CONSENT_PROPERTIES } from './personal-data-consent-properties.js';

describe('vendor enums', () => {
  it("PERSONAL_DATA_CONSENT_PROPERTIES has exactly the vendor's 12 members and values", () => {
    expect(PERSONAL_DATA_CONSENT_PROPERTIES).toStrictEqual({
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
    });
  });

  it('consent statuses and login hint kinds are the documented values', () => {
    expect(Object.values(CONSENT_STATUS)).toEqual(['pending', 'approved', 'denied', 'expired']);
    expect(Object.values(LOGIN_HINT_KIND)).toEqual(['username', 'email', 'phone', 'sub']);
  });
});
