import { failArgument } from '../internal/fail-argument.js';
import { readInteger, readOptional, readWireId, requireObject } from '../internal/read-fields.js';
import type { QrSessionStatusResponseDto } from '../schemas/routes/qr-route-dtos.js';
import { isWireId } from '../wire/wire-id.js';
import type { ClientRequestOptions } from './client-request-options.js';
import { postJson } from './post-json.js';

const WHAT = 'QR status answer';

/** Checks the answer of the QR status route (same verdicts as `QrSessionStatusResponseDtoSchema`). */
export function parseQrSessionStatusResponse(data: unknown): QrSessionStatusResponseDto {
  const body = requireObject(data, WHAT);
  return {
    ...body,
    sessionId: readWireId(body, 'sessionId', WHAT),
    exp: readInteger(body, 'exp', WHAT, 0),
    ...readOptional(body, 'authRequestId', (b, f) => readWireId(b, f, WHAT)),
    ...readOptional(body, 'expires_in', (b, f) => readInteger(b, f, WHAT, 1)),
    ...readOptional(body, 'interval', (b, f) => readInteger(b, f, WHAT, 0)),
  };
}

/**
 * Asks the customer backend once about a QR login session (`POST {host}/api/auth/qr/status`). Once the
 * phone scanned the code and the backend started the CIBA login, the answer carries `authRequestId`.
 * Prefer {@link waitForQrAuthRequestClient}, which runs the loop.
 *
 * @param host - the customer backend's origin
 * @param sessionId - `sessionId` from {@link makeQrSessionClientV2}
 * @param options - route path, `fetch`, `signal`, timeout, headers, credentials
 * @returns `{ sessionId, exp, authRequestId?, expires_in?, interval? }`
 * @throws OnesHttpError `ERR_QR_SESSION_NOT_FOUND` when the session is unknown or expired (HTTP 404)
 * @throws OnesValidationError, OnesHttpError, OnesTimeoutError, OnesAbortError as {@link makeCibaRequestClient}
 * @example
 * ```ts
 * import { qrSessionStatusClientV2 } from '@ones.dev/common';
 * const status = await qrSessionStatusClientV2('https://shop.example', 'session-id');
 * if (status.authRequestId) console.log('scanned: approve on the phone');
 * ```
 */
export async function qrSessionStatusClientV2(
  host: string,
  sessionId: string,
  options: ClientRequestOptions = {},
): Promise<QrSessionStatusResponseDto> {
  if (!isWireId(sessionId)) {
    failArgument('sessionId', 'must be 1 to 512 visible ASCII characters');
  }
  const data = await postJson({
    host,
    defaultPath: '/api/auth/qr/status',
    body: { sessionId },
    options,
    reading: 'qr-status',
  });
  return parseQrSessionStatusResponse(data);
}
