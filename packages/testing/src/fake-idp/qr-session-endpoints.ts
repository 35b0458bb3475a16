import type { CibaPolling, ExtensionAnswer } from '@ones.dev/idp-model';
import { answerQrLinkRefusal, findUser } from '@ones.dev/idp-model';
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
 * `qr_session_id`), or the model's refusal (`answerQrLinkRefusal`).
 */
export async function linkQrSession(
  context: FakeIdpContext,
  sessionId: string,
  loginHint: { readonly kind: string; readonly value: string },
): Promise<{ readonly refused: ExtensionAnswer } | { complete(authReqId: string): void }> {
  const outcome = await context.state.qrSessions.reserve(sessionId, findUser(context.users, loginHint));
  if ('complete' in outcome) return outcome;
  return { refused: await answerQrLinkRefusal(outcome, cibaPollingOf(context)) };
}
