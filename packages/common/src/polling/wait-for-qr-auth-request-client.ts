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

/**
 * A QR session the phone scanned. The CIBA login it started is `authRequestId`, also given as
 * `auth_req_id` with its `expires_in` and `interval`, so the session can be passed as it is to
 * {@link waitForCibaTokensClient}.
 *
 * @example
 * ```ts
 * import type { ScannedQrSession } from '@ones.dev/common';
 * const describe = (scanned: ScannedQrSession) => `login ${scanned.auth_req_id}, ${scanned.expires_in} s left`;
 * ```
 */
export type ScannedQrSession = QrSessionStatusResponseDto & {
  readonly authRequestId: string;
  readonly auth_req_id: string;
  /**
   * Seconds the CIBA login has left, as the backend said; {@link QR_CIBA_EXPIRES_IN_FALLBACK} when
   * its status route does not say (one written before it carried `expires_in`).
   */
  readonly expires_in: number;
};

/** `expires_in` of a scanned session whose status route does not report it: seconds. */
export const QR_CIBA_EXPIRES_IN_FALLBACK = 120;

/**
 * Waits until the phone scans a QR login session, polling the customer backend with
 * {@link qrSessionStatusClientV2} every `interval` seconds until the answer carries `authRequestId`.
 * Continue with {@link waitForCibaTokensClient}.
 *
 * @param host - the customer backend's origin
 * @param session - the answer of {@link makeQrSessionClientV2} (`sessionId`, `expIn`, `interval`)
 * @param options - `signal`, `onPoll`, and the request options of each poll
 * @returns the session status, with `authRequestId`, and the CIBA login as `auth_req_id`, `expires_in`, `interval`
 * @throws OnesHttpError `ERR_QR_SESSION_NOT_FOUND` when the backend no longer knows the session
 * @throws OnesTimeoutError `ERR_TIMEOUT_POLLING` after `expIn` seconds; OnesAbortError `ERR_ABORTED`
 * @example
 * ```ts
 * import { makeQrSessionClientV2, waitForCibaTokensClient, waitForQrAuthRequestClient } from '@ones.dev/common';
 * const host = 'https://shop.example';
 * const session = await makeQrSessionClientV2(host);
 * const scanned = await waitForQrAuthRequestClient(host, session);
 * const tokens = await waitForCibaTokensClient(host, scanned); // at the IdP's interval, until expires_in
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
      const { authRequestId, expires_in = QR_CIBA_EXPIRES_IN_FALLBACK } = status;
      return authRequestId === undefined
        ? { done: false, outcome: 'pending' }
        : { done: true, value: { ...status, authRequestId, auth_req_id: authRequestId, expires_in } };
    },
    ...options,
  });
}
