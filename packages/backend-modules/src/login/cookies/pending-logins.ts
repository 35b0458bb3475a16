import { isWireId } from '@ones.dev/common/internal';
import type { JWTPayload } from 'jose';

/**
 * A login this browser started and may pick up: a CIBA login (`auth_req_id`) or a QR session. The
 * browser's pending-login cookie lists them, sealed: an id counts only if this list holds it.
 *
 * `decoy` is 1 for a made-up login (the answer for an unknown user, see `hideUnknownUsers`), else 0:
 * a number of the same length either way, because the cookie is encrypted but its length is not.
 */
export interface PendingLogin {
  readonly kind: 'ciba' | 'qr';
  readonly id: string;
  /** Seconds since the epoch: when it started and when it ends. */
  readonly startedAt: number;
  readonly expiresAt: number;
  /** Seconds between the browser's polls, as the kit announced them. */
  readonly interval: number;
  /** Seconds the kit leaves between its own polls of the IdP for this login (the IdP's interval). */
  readonly idpInterval: number;
  readonly decoy: 0 | 1;
  /** Ping mode: the `client_notification_token` the IdP's notification for this login carries. */
  readonly notificationToken?: string;
}

/** How many logins one browser may have in progress (e.g. a QR code and a username login in two tabs). */
const MAX_PENDING_LOGINS = 4;

/**
 * Seconds a login stays listed after it expired, so the browser's last polls still reach the IdP
 * and learn `expired_token` (a clear "too late") rather than the kit's 404.
 */
export const EXPIRED_GRACE_SECONDS = 60;

const isWholeNumber = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0;

/** One listed login, or `undefined` when a field is missing or of the wrong type. */
function pendingLoginOf(value: unknown): PendingLogin | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as Record<string, unknown>;
  const { kind, id, expiresAt, interval, decoy } = entry;
  if ((kind !== 'ciba' && kind !== 'qr') || typeof id !== 'string' || !isWireId(id)) return undefined;
  if (!isWholeNumber(expiresAt) || !isWholeNumber(interval) || (decoy !== 0 && decoy !== 1)) return undefined;
  // cookies from before 2026-12 lack the start and the IdP's interval: a login lasted 120 s then
  const startedAt = isWholeNumber(entry.startedAt) ? entry.startedAt : expiresAt - 120;
  const idpInterval = isWholeNumber(entry.idpInterval) ? entry.idpInterval : interval;
  const token = entry.notificationToken;
  return {
    kind,
    id,
    startedAt,
    expiresAt,
    interval,
    idpInterval,
    decoy,
    ...(typeof token === 'string' ? { notificationToken: token } : {}),
  };
}

/** The logins a pending-login cookie's payload lists that have not ended by `now` (seconds). */
export function pendingLoginsOf(payload: JWTPayload | undefined, now: number): PendingLogin[] {
  const list = payload?.logins;
  if (!Array.isArray(list)) return [];
  const logins: PendingLogin[] = [];
  for (const value of list) {
    const login = pendingLoginOf(value);
    if (login !== undefined && login.expiresAt + EXPIRED_GRACE_SECONDS > now) logins.push(login);
  }
  return logins;
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
