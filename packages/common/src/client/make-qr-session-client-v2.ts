import {
  readHttpUrl,
  readInteger,
  readNewSessionStatus,
  readWireId,
  requireObject,
} from '../internal/read-fields.js';
import type { QrSessionMakeResponseDto } from '../schemas/routes/qr-route-dtos.js';
import type { ClientRequestOptions } from './client-request-options.js';
import { postJson } from './post-json.js';

const WHAT = 'QR session answer';

/** Checks the answer of the QR make route (same verdicts as `QrSessionMakeResponseDtoSchema`). */
export function parseQrSessionMakeResponse(data: unknown): QrSessionMakeResponseDto {
  const body = requireObject(data, WHAT);
  return {
    ...body,
    sessionId: readWireId(body, 'sessionId', WHAT),
    cbUrl: readHttpUrl(body, 'cbUrl', WHAT),
    expIn: readInteger(body, 'expIn', WHAT, 1),
    exp: readInteger(body, 'exp', WHAT, 0),
    interval: readInteger(body, 'interval', WHAT, 0),
    status: readNewSessionStatus(body, WHAT),
  };
}

/**
 * Creates a QR login session through the customer backend (`POST {host}/api/auth/qr/make`). Render
 * it with `buildQrCodeContent` and `@ones.dev/common/qr`, then wait with {@link waitForQrAuthRequestClient}.
 *
 * @param host - the customer backend's origin
 * @param options - route path, `fetch`, `signal`, timeout, headers, credentials
 * @returns `{ sessionId, cbUrl, expIn, exp, interval, status: 'pending' }`
 * @throws OnesValidationError, OnesHttpError, OnesTimeoutError, OnesAbortError as {@link makeCibaRequestClient}
 * @example
 * ```ts
 * import { makeQrSessionClientV2 } from '@ones.dev/common';
 * const session = await makeQrSessionClientV2('https://shop.example');
 * console.log(`QR code valid for ${session.expIn} s`);
 * ```
 */
export async function makeQrSessionClientV2(
  host: string,
  options: ClientRequestOptions = {},
): Promise<QrSessionMakeResponseDto> {
  const data = await postJson({ host, defaultPath: '/api/auth/qr/make', options });
  return parseQrSessionMakeResponse(data);
}
