import * as z from 'zod/mini';
import { QrAuthSessionCreatedSchema } from '../idp/qr-auth-session.js';
import { NonNegativeSeconds, PositiveSeconds, UnixTime, WireId } from '../primitives.js';

/**
 * What `POST /api/auth/qr/make` answers: the new session, passed through from the IdP.
 *
 * @example
 * ```ts
 * import { QrSessionMakeResponseDtoSchema } from '@ones.dev/common/schemas';
 * const session = QrSessionMakeResponseDtoSchema.parse({
 *   sessionId: 's1', cbUrl: 'https://id.example/qr-auth/sessions/s1/callback', expIn: 120, exp: 1_900_000_000, interval: 2,
 * });
 * ```
 */
export const QrSessionMakeResponseDtoSchema = QrAuthSessionCreatedSchema;
/** Answer of the QR make route; see {@link QrSessionMakeResponseDtoSchema}. */
export type QrSessionMakeResponseDto = z.infer<typeof QrSessionMakeResponseDtoSchema>;

/**
 * What the browser sends to `POST /api/auth/qr/status`.
 *
 * @example
 * ```ts
 * import { QrSessionStatusRequestDtoSchema } from '@ones.dev/common/schemas';
 * const dto = QrSessionStatusRequestDtoSchema.parse({ sessionId: 's1' });
 * ```
 */
export const QrSessionStatusRequestDtoSchema = z.object({ sessionId: WireId });
/** Body of the QR status route; see {@link QrSessionStatusRequestDtoSchema}. */
export type QrSessionStatusRequestDto = z.infer<typeof QrSessionStatusRequestDtoSchema>;

/**
 * What `POST /api/auth/qr/status` answers: the session, with `authRequestId` once the phone scanned it
 * and the backend started the CIBA login, plus that login's `expires_in` and `interval` (as the CIBA
 * acknowledgement names them) so the browser polls it at the IdP's pace. Unknown or expired sessions
 * answer HTTP 404.
 *
 * @example
 * ```ts
 * import { QrSessionStatusResponseDtoSchema } from '@ones.dev/common/schemas';
 * const status = QrSessionStatusResponseDtoSchema.parse({
 *   sessionId: 's1', exp: 1_900_000_000, authRequestId: 'r1', expires_in: 120, interval: 2,
 * });
 * ```
 */
export const QrSessionStatusResponseDtoSchema = z.looseObject({
  sessionId: WireId,
  exp: UnixTime,
  authRequestId: z.optional(WireId),
  expires_in: z.optional(PositiveSeconds),
  interval: z.optional(NonNegativeSeconds),
});
/** Answer of the QR status route; see {@link QrSessionStatusResponseDtoSchema}. */
export type QrSessionStatusResponseDto = z.infer<typeof QrSessionStatusResponseDtoSchema>;
