/**
 * The states of a consent request: `pending` until the user answers on the phone, then `approved`
 * (values released), `denied`, or `expired`.
 *
 * @example
 * ```ts
 * import { CONSENT_STATUS, type ConsentStatus } from '@ones.dev/common';
 * const isFinal = (status: ConsentStatus) => status !== CONSENT_STATUS.PENDING;
 * ```
 */
export const CONSENT_STATUS = {
  PENDING: 'pending',
  APPROVED: 'approved',
  DENIED: 'denied',
  EXPIRED: 'expired',
} as const;

/** One value of {@link CONSENT_STATUS}. */
export type ConsentStatus = (typeof CONSENT_STATUS)[keyof typeof CONSENT_STATUS];
