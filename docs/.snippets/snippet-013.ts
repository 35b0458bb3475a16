// from packages/common/src/enums/personal-data-consent-properties.ts
import { PERSONAL_DATA_CONSENT_PROPERTIES } from '@ones.dev/common';

const content = [
  { name: PERSONAL_DATA_CONSENT_PROPERTIES.EMAIL },
  { name: PERSONAL_DATA_CONSENT_PROPERTIES.FULL_NAME },
];
