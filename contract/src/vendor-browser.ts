// The browser calls of the vendor's SDK documentation (sections 3.1.2, 3.2.2, 4.1.2 and 4.4.2), in
// the documentation's shape: each helper with a host and its one argument, each answer destructured.
import {
  type AuthenticationQRCodeContent,
  checkCibaStatusClient,
  makeCibaRequestClient,
  makeQrSessionClientV2,
  qrSessionStatusClientV2,
} from '@ones.dev/common';

/** §3.1.2: start a login by username through `POST {host}/api/auth/oidc/bc-authorize`. */
export async function startLoginInTheBrowser(host: string, userIdentifier: string) {
  const { auth_req_id, expires_in, interval } = await makeCibaRequestClient(host, userIdentifier);
  return { auth_req_id, expires_in, interval };
}

/** §3.2.2: ask once whether the login finished (`POST {host}/api/auth/oidc/token`). */
export async function tokensInTheBrowser(host: string, authReqId: string) {
  const { access_token, id_token, expires_in, token_type } = await checkCibaStatusClient(host, authReqId);
  return { access_token, id_token, expires_in, token_type };
}

/** §4.1.2: a QR session through `POST {host}/api/auth/qr/make`. */
export async function qrSessionInTheBrowser(host: string) {
  const { sessionId, cbUrl, expIn } = await makeQrSessionClientV2(host);
  return { sessionId, cbUrl, expIn };
}

/** §4.4.2: the QR session's status through `POST {host}/api/auth/qr/status`. */
export async function qrStatusInTheBrowser(host: string, sessionId: string) {
  const { authRequestId } = await qrSessionStatusClientV2(host, sessionId);
  return { authRequestId };
}

/** §4.2: the QR code content as the vendor builds it from the new session. */
export function qrCodeContentOf(session: { cbUrl: string; sessionId: string }): AuthenticationQRCodeContent {
  const newQrCode: AuthenticationQRCodeContent = {
    cbUrl: session.cbUrl,
    sessionId: session.sessionId,
  };
  return newQrCode;
}
