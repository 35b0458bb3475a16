import { failArgument } from '../internal/fail-argument.js';
import type { QrSessionMakeResponseDto } from '../schemas/routes/qr-route-dtos.js';
import { isWireId } from '../wire/wire-id.js';

/**
 * What a OnesID login QR code carries: where the phone app posts its user (`cbUrl`) and which
 * session, as the vendor builds it; optionally until when (`exp`, Unix seconds), so an app that knows
 * it can refuse a stale code without a round trip. An app that reads only `cbUrl` and `sessionId`
 * reads every code this SDK renders.
 *
 * @example
 * ```ts
 * import type { AuthenticationQRCodeContent } from '@ones.dev/common';
 * const content: AuthenticationQRCodeContent = {
 *   cbUrl: 'https://id.example/qr-auth/sessions/s1/callback',
 *   sessionId: 's1',
 * };
 * ```
 */
export interface AuthenticationQRCodeContent {
  readonly cbUrl: string;
  readonly sessionId: string;
  readonly exp?: number;
}

/**
 * The exact string a login QR code encodes: compact JSON `{"cbUrl":…,"sessionId":…,"exp":…}`, keys in
 * that order (`exp` only when given). Render it with `renderQrCodeSvg` from `@ones.dev/common/qr`.
 *
 * @param session - a session from `makeQrSessionClientV2`, or an {@link AuthenticationQRCodeContent}
 * @returns the text to put in the QR code
 * @throws OnesValidationError `ERR_VALIDATION_ARGUMENT` when a field is missing or malformed
 * @example
 * ```ts
 * import { buildQrCodeContent, makeQrSessionClientV2 } from '@ones.dev/common';
 * const session = await makeQrSessionClientV2('https://shop.example');
 * const text = buildQrCodeContent(session);
 * ```
 */
export function buildQrCodeContent(
  session: AuthenticationQRCodeContent | Pick<QrSessionMakeResponseDto, 'cbUrl' | 'sessionId' | 'exp'>,
): string {
  const { cbUrl, sessionId, exp } = session;
  if (typeof cbUrl !== 'string' || !/^https?:\/\//i.test(cbUrl) || !URL.canParse(cbUrl)) {
    failArgument('session.cbUrl', 'must be an absolute http(s) URL');
  }
  if (!isWireId(sessionId)) failArgument('session.sessionId', 'must be 1 to 512 visible ASCII characters');
  if (exp === undefined) return JSON.stringify({ cbUrl, sessionId });
  if (!Number.isInteger(exp) || exp < 0) failArgument('session.exp', 'must be a Unix time in whole seconds');
  const content: AuthenticationQRCodeContent = { cbUrl, sessionId, exp };
  return JSON.stringify(content);
}
