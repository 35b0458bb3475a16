import type { CibaPolling, ExtensionAnswer } from '@ones.dev/common/idp-model';
import { findUser } from '@ones.dev/common/idp-model';
import type { FakeIdpContext } from './fake-idp-context.js';

/** How to poll a fake CIBA request: its seconds left and the interval, as a QR session reports them. */
export function cibaPollingOf(context: FakeIdpContext): CibaPolling {
  return async (authReqId) => {
    const request = context.state.cibaRequests.get(authReqId);
    if (request === undefined) return undefined;
    const expiresIn = Math.max(1, Math.round((request.expiresAt - Date.now()) / 1000));
    return { expires_in: expiresIn, interval: context.cibaIntervalSeconds };
  };
}

/**
 * Holds a scanned QR session for a CIBA request by the user of `loginHint` (bc-authorize with
 * `qr_session_id`), by the model's rules: a session linked already answers 409
 * `qr_session_already_linked` naming its login, so that a second backend process uses that one
 * instead of prompting the phone twice.
 */
export async function linkQrSession(
  context: FakeIdpContext,
  sessionId: string,
  loginHint: { readonly kind: string; readonly value: string },
): Promise<{ readonly refused: ExtensionAnswer } | { complete(authReqId: string): void }> {
  const outcome = await context.state.qrSessions.reserve(sessionId, findUser(context.users, loginHint));
  if ('complete' in outcome) return outcome;
  if (outcome.kind === 'invalid')
    return {
      refused: { status: 400, body: { error: 'invalid_request', error_description: outcome.description } },
    };
  const polling = await cibaPollingOf(context)(outcome.authRequestId);
  return {
    refused: {
      status: 409,
      body: {
        error: 'qr_session_already_linked',
        error_description: 'this QR session already has a CIBA request',
        auth_req_id: outcome.authRequestId,
        ...(polling ?? { expires_in: 1, interval: context.cibaIntervalSeconds }),
      },
    },
  };
}
