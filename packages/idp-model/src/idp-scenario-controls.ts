import type { ConsentValues } from './consent-book.js';

/**
 * What a test (or the approval page) can make a OnesID stand-in's user do, the same on dev-idp and
 * on the MSW fake. Every control takes one object, so a swapped argument cannot compile; a missing
 * id means the latest one.
 *
 * @example
 * ```ts
 * import type { IdpScenarioControls } from '@ones.dev/testing'; // or '@ones.dev/dev-idp'
 * async function aliceScansAndApproves(idp: IdpScenarioControls, sessionId: string) {
 *   idp.scanQrSession({ sessionId, username: 'alice' });
 *   await idp.approveLogin();
 * }
 * ```
 */
export interface IdpScenarioControls {
  /** The user approves a CIBA login on the phone (default: the latest pending one). */
  approveLogin(login?: { readonly authReqId?: string | undefined }): Promise<void>;
  /** The user denies a CIBA login (default: the latest pending one). */
  denyLogin(login?: { readonly authReqId?: string | undefined }): Promise<void>;
  /** The phone app scans a QR session (default: the latest) as the user `username`. */
  scanQrSession(scan: { readonly username: string; readonly sessionId?: string | undefined }): void;
  /** A QR session expires now (default: the latest). */
  expireQrSession(session?: { readonly sessionId?: string | undefined }): void;
  /** The user releases `values` (default: what their profile holds) for a consent request (default: the latest). */
  approveConsent(decision?: {
    readonly id?: string | undefined;
    readonly values?: ConsentValues | undefined;
  }): void;
  /** The user refuses a consent request (default: the latest). */
  denyConsent(decision?: { readonly id?: string | undefined }): void;
  /** A consent request expires now (default: the latest). */
  expireConsent(request?: { readonly id?: string | undefined }): void;
  /** The next `times` CIBA polls (default 1) answer `slow_down`. */
  slowDownNextPolls(polls?: { readonly times?: number | undefined }): void;
  /**
   * A new signing key signs from now on; the previous one stays published until the next rotation,
   * as at a real IdP, so tokens it signed still validate. Resolves with the new `kid`.
   */
  rotateSigningKeys(): Promise<string>;
}
