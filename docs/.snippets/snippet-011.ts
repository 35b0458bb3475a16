// from packages/common/src/enums/consent-status.ts
import { CONSENT_STATUS, type ConsentStatus } from '@ones.dev/common';

const isFinal = (status: ConsentStatus) => status !== CONSENT_STATUS.PENDING;
