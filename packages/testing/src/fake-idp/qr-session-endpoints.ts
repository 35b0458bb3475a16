import type { LoginHint } from '@ones.dev/common';
import type { FakeIdpContext } from './fake-idp-context.js';
import type { FakeQrSession } from './fake-idp-state.js';

type Answer = { readonly status: number; readonly body: Record<string, unknown> };

const notFound: Answer = {
  status: 404,
  body: { error: 'not_found', error_description: 'unknown or expired QR session' },
};

/** The session if it exists and has not expired (expired ones are deleted on sight, as the IdP does). */
export function liveQrSession(context: FakeIdpContext, sessionId: string): FakeQrSession | undefined {
  const session = context.state.qrSessions.get(sessionId);
  if (session === undefined || session.deleted) return undefined;
  if (Date.now() >= session.exp * 1000) {
    session.deleted = true;
    return undefined;
  }
  return session;
}

/** `POST {host}/qr-auth/sessions` `{ originIp? }` → `{ sessionId, cbUrl, expIn, exp, interval }`. */
export function createQrSession(context: FakeIdpContext, body: unknown): Answer {
  const originIp = (body as { originIp?: unknown } | null)?.originIp;
  if (originIp !== undefined && typeof originIp !== 'string') {
    return {
      status: 400,
      body: { error: 'invalid_request', error_description: 'originIp must be a string' },
    };
  }
  const sessionId = `qr-${crypto.randomUUID()}`;
  const expIn = context.qrSessionExpiresInSeconds;
  const exp = Math.floor(Date.now() / 1000) + expIn;
  context.state.qrSessions.set(sessionId, {
    sessionId,
    exp,
    originIp,
    status: 'pending',
    loginHint: undefined,
    authRequestId: undefined,
    deleted: false,
  });
  const cbUrl = `${context.host}/qr-auth/sessions/${sessionId}/callback`;
  return { status: 200, body: { sessionId, cbUrl, expIn, exp, interval: context.qrSessionIntervalSeconds } };
}

/**
 * `GET {host}/qr-auth/sessions/{id}` → `{ sessionId, exp, status, loginHint?, authRequestId?,
 * expires_in?, interval? }` or 404; the last two describe the linked CIBA request.
 */
export function qrSessionStatus(context: FakeIdpContext, sessionId: string): Answer {
  const session = liveQrSession(context, sessionId);
  if (session === undefined) return notFound;
  const { exp, status, loginHint, authRequestId } = session;
  const linked = authRequestId === undefined ? undefined : context.state.cibaRequests.get(authRequestId);
  return {
    status: 200,
    body: {
      sessionId,
      exp,
      status,
      ...(loginHint ? { loginHint } : {}),
      ...(authRequestId ? { authRequestId } : {}),
      ...(linked
        ? {
            expires_in: Math.max(1, Math.round((linked.expiresAt - Date.now()) / 1000)),
            interval: context.cibaIntervalSeconds,
          }
        : {}),
    },
  };
}

/** What the phone app does after scanning: posts its user to `cbUrl`. */
export function scanQrSession(context: FakeIdpContext, sessionId: string, loginHint: LoginHint): Answer {
  const session = liveQrSession(context, sessionId);
  if (session === undefined) return notFound;
  if (session.status !== 'pending') return { status: 409, body: { error: 'already_scanned' } };
  const user = context.state.findUser(context.users, loginHint);
  if (user === undefined) return { status: 400, body: { error: 'unknown_user_id' } };
  session.loginHint = { kind: 'sub', value: user.sub };
  session.status = 'scanned';
  return { status: 200, body: { sessionId, status: session.status } };
}

/**
 * Links a CIBA request to a scanned session (bc-authorize with `qr_session_id`). A session already
 * linked answers 409 `qr_session_already_linked` with the existing request, so that a second backend
 * process returns that one instead of prompting the phone twice.
 */
export function linkQrSession(
  context: FakeIdpContext,
  sessionId: string,
  loginHint: LoginHint,
): { readonly refused: Answer } | { readonly session: FakeQrSession } {
  const session = liveQrSession(context, sessionId);
  if (session === undefined)
    return {
      refused: {
        status: 400,
        body: { error: 'invalid_request', error_description: 'unknown or expired QR session' },
      },
    };
  // Who is asking comes first: an already-linked answer names a login, so only its own user may get it.
  if (session.loginHint === undefined) {
    return {
      refused: {
        status: 400,
        body: { error: 'invalid_request', error_description: 'the QR session was not scanned' },
      },
    };
  }
  const scannedBy = context.state.findUser(context.users, session.loginHint);
  if (scannedBy === undefined || scannedBy !== context.state.findUser(context.users, loginHint)) {
    return {
      refused: {
        status: 400,
        body: { error: 'invalid_request', error_description: 'login_hint_token is not the user who scanned' },
      },
    };
  }
  if (session.authRequestId !== undefined) {
    const linked = context.state.cibaRequests.get(session.authRequestId);
    const expiresIn = Math.max(1, Math.round(((linked?.expiresAt ?? Date.now()) - Date.now()) / 1000));
    return {
      refused: {
        status: 409,
        body: {
          error: 'qr_session_already_linked',
          error_description: 'this QR session already has a CIBA request',
          auth_req_id: session.authRequestId,
          expires_in: expiresIn,
          interval: context.cibaIntervalSeconds,
        },
      },
    };
  }
  if (session.status !== 'scanned') {
    return {
      refused: {
        status: 400,
        body: { error: 'invalid_request', error_description: 'the QR session was not scanned' },
      },
    };
  }
  return { session };
}
