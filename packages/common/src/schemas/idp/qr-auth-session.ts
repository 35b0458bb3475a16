import * as z from 'zod/mini';
import { NonNegativeSeconds, PositiveSeconds, UnixTime, WireId } from '../primitives.js';
import { LoginHintSchema } from './login-hint-token.js';

/**
 * The states of a QR login session at the IdP: `pending` (shown, not scanned), `scanned` (the phone
 * app posted its user; `loginHint` is set), `authorizing` (a CIBA request is linked; `authRequestId`
 * is set).
 *
 * @example
 * ```ts
 * import { QR_SESSION_STATUS } from '@ones.dev/common/schemas';
 * console.log(QR_SESSION_STATUS.SCANNED); // 'scanned'
 * ```
 */
export const QR_SESSION_STATUS = {
  PENDING: 'pending',
  SCANNED: 'scanned',
  AUTHORIZING: 'authorizing',
} as const;
/** One value of {@link QR_SESSION_STATUS}. */
export type QrSessionStatus = (typeof QR_SESSION_STATUS)[keyof typeof QR_SESSION_STATUS];

/**
 * A new QR login session: `POST {host}/qr-auth/sessions` at the IdP, and the same shape from the
 * customer route `POST /api/auth/qr/make`. `cbUrl` is where the phone app posts its user. A new
 * session is `pending`; `status` defaults to that when the answer leaves it out, so a new session is
 * also a {@link QrAuthSessionIdp} (the vendor's route handlers declare that type).
 *
 * @example
 * ```ts
 * import { QrAuthSessionCreatedSchema } from '@ones.dev/common/schemas';
 * const session = QrAuthSessionCreatedSchema.parse({
 *   sessionId: 's1', cbUrl: 'https://id.example/qr-auth/sessions/s1/callback', expIn: 120, exp: 1_900_000_000, interval: 2,
 * });
 * ```
 */
export const QrAuthSessionCreatedSchema = z.looseObject({
  sessionId: WireId,
  // exactly an absolute http(s) URL as written: z.url() would normalise leading whitespace away
  cbUrl: z.string().check(
    z.regex(/^https?:\/\//i),
    z.refine((value) => URL.canParse(value)),
  ),
  expIn: PositiveSeconds,
  exp: UnixTime,
  interval: NonNegativeSeconds,
  status: z._default(z.literal(QR_SESSION_STATUS.PENDING), QR_SESSION_STATUS.PENDING),
});
/** A new QR login session; see {@link QrAuthSessionCreatedSchema}. */
export type QrAuthSessionCreated = z.infer<typeof QrAuthSessionCreatedSchema>;

/**
 * A QR login session as the IdP reports it: `GET {host}/qr-auth/sessions/{sessionId}`. Once a CIBA
 * request is linked (`authorizing`), `authRequestId` names it, and `expires_in` (seconds it has left)
 * and `interval` (seconds between polls) say how to poll it, as the CIBA acknowledgement does.
 *
 * @example
 * ```ts
 * import { QrAuthSessionIdpSchema } from '@ones.dev/common/schemas';
 * const session = QrAuthSessionIdpSchema.parse({ sessionId: 's1', exp: 1_900_000_000, status: 'pending' });
 * ```
 */
export const QrAuthSessionIdpSchema = z.looseObject({
  sessionId: WireId,
  exp: UnixTime,
  status: z.enum(QR_SESSION_STATUS),
  loginHint: z.optional(LoginHintSchema),
  authRequestId: z.optional(WireId),
  expires_in: z.optional(PositiveSeconds),
  interval: z.optional(NonNegativeSeconds),
});
/** A QR login session as the IdP reports it; see {@link QrAuthSessionIdpSchema}. */
export type QrAuthSessionIdp = z.infer<typeof QrAuthSessionIdpSchema>;
