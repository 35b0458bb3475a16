import { isWireId } from '@ones.dev/common';
import type { JWTPayload } from 'jose';

/**
 * A login this browser started and may pick up: a CIBA login (`auth_req_id`) or a QR session, with
 * when it ends and how often it may be polled. `decoy` is 1 for the stand-in answer for an unknown
 * user (see `hideUnknownUsers`), else 0: a number of the same length either way, because the cookie
 * is encrypted but its length is not hidden.
 */
export interface PendingLogin {
  readonly kind: 'ciba' | 'qr';
  readonly id: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
  /** Seconds between polls. */
  readonly interval: number;
  readonly decoy: 0 | 1;
}

/** How many logins one browser may have in progress (e.g. a QR code and a username login in two tabs). */
const MAX_PENDING_LOGINS = 4;

/**
 * Seconds a login stays listed after it expired, so the browser's last polls still reach the IdP
 * and learn `expired_token` (a clear "too late") rather than the kit's 404.
 */
export const EXPIRED_GRACE_SECONDS = 60;

function isPendingLogin(value: unknown): value is PendingLogin {
  const entry = value as Partial<PendingLogin> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    (entry.kind === 'ciba' || entry.kind === 'qr') &&
    typeof entry.id === 'string' &&
    isWireId(entry.id) &&
    Number.isInteger(entry.expiresAt) &&
    Number.isInteger(entry.interval) &&
    (entry.decoy === 0 || entry.decoy === 1)
  );
}

/** The logins a pending-login cookie's payload lists that have not ended by `now` (seconds). */
export function pendingLoginsOf(payload: JWTPayload | undefined, now: number): PendingLogin[] {
  const list = payload?.logins;
  if (!Array.isArray(list)) return [];
  return list.filter(isPendingLogin).filter((login) => login.expiresAt + EXPIRED_GRACE_SECONDS > now);
}

/**
 * The list with `added` in front, without the entries it replaces (`replaces`: ids that ended or
 * were handed over) and without the oldest beyond {@link MAX_PENDING_LOGINS}.
 */
export function withPendingLogin(
  list: readonly PendingLogin[],
  added: PendingLogin | undefined,
  replaces: readonly string[] = [],
): PendingLogin[] {
  const kept = list.filter((login) => !replaces.includes(login.id) && login.id !== added?.id);
  return (added === undefined ? kept : [added, ...kept]).slice(0, MAX_PENDING_LOGINS);
}
