import type { ClientRequestOptions } from '../client/client-request-options.js';
import { DEFAULT_TIMEOUT_MS } from '../client/post-json.js';
import { qrSessionStatusClientV2 } from '../client/qr-session-status-client-v2.js';
import type {
  QrSessionMakeResponseDto,
  QrSessionStatusResponseDto,
} from '../schemas/routes/qr-route-dtos.js';
import { type PollOptions, pollUntil } from './poll-until.js';

/** Options of {@link waitForQrAuthRequestClient}: request options for each poll, plus `signal` and `onPoll`. */
export type WaitForQrAuthRequestClientOptions = ClientRequestOptions & PollOptions;

/** A QR session the phone scanned: the CIBA login it started is `authRequestId`. */
export type ScannedQrSession = QrSessionStatusResponseDto & { readonly authRequestId: string };

/**
 * Waits until the phone scans a QR login session, polling the customer backend with
 * {@link qrSessionStatusClientV2} every `interval` seconds until the answer carries `authRequestId`.
 * Continue with {@link waitForCibaTokensClient}.
 *
 * @param host - the customer backend's origin
 * @param session - the answer of {@link makeQrSessionClientV2} (`sessionId`, `expIn`, `interval`)
 * @param options - `signal`, `onPoll`, and the request options of each poll
 * @returns the session status, with `authRequestId`
 * @throws OnesHttpError `ERR_QR_SESSION_NOT_FOUND` when the backend no longer knows the session
 * @throws OnesTimeoutError `ERR_TIMEOUT_POLLING` after `expIn` seconds; OnesAbortError `ERR_ABORTED`
 * @example
 * ```ts
 * import { makeQrSessionClientV2, waitForCibaTokensClient, waitForQrAuthRequestClient } from '@ones.dev/common';
 * const host = 'https://shop.example';
 * const session = await makeQrSessionClientV2(host);
 * const scanned = await waitForQrAuthRequestClient(host, session);
 * const tokens = await waitForCibaTokensClient(host, { auth_req_id: scanned.authRequestId, expires_in: 120 });
 * ```
 */
export function waitForQrAuthRequestClient(
  host: string,
  session: Pick<QrSessionMakeResponseDto, 'sessionId' | 'expIn' | 'interval'>,
  options: WaitForQrAuthRequestClientOptions = {},
): Promise<ScannedQrSession> {
  return pollUntil({
    what: 'the QR session',
    interval: { seconds: session.interval, parameter: 'session.interval' },
    expiresIn: { seconds: session.expIn, parameter: 'session.expIn' },
    poll: async ({ timeoutMs }) => {
      const requestOptions = {
        ...options,
        timeoutMs: Math.min(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, timeoutMs),
      };
      const status = await qrSessionStatusClientV2(host, session.sessionId, requestOptions);
      const { authRequestId } = status;
      return authRequestId === undefined
        ? { done: false, outcome: 'pending' }
        : { done: true, value: { ...status, authRequestId } };
    },
    ...options,
  });
}
