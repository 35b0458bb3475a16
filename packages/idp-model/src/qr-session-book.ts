import type { QrSessionStatus } from '@ones.dev/common';
import type { IdpUser } from './idp-user.js';

/**
 * A QR login session at a OnesID stand-in.
 *
 * @example
 * ```ts
 * import type { IdpQrSession } from '@ones.dev/testing'; // or '@ones.dev/dev-idp'
 * const waiting = (session: IdpQrSession) => session.status === 'pending';
 * ```
 */
export interface IdpQrSession {
  readonly sessionId: string;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
  /** The browser's address the backend passed when it made the session. */
  readonly originIp: string | undefined;
  readonly status: QrSessionStatus;
  /** Who scanned it. */
  readonly scannedBy: IdpUser | undefined;
  /** The CIBA login linked to it. */
  readonly authRequestId: string | undefined;
}

/** Why a link was refused: what `bc-authorize` answers. */
export type QrLinkRefusal =
  | { readonly kind: 'invalid'; readonly description: string }
  | { readonly kind: 'already_linked'; readonly authRequestId: string };

/** A session held for one CIBA request: `complete` with its id once it exists, or `abandon`. */
export interface QrLinkReservation {
  complete(authRequestId: string): void;
  abandon(): void;
}

type MutableSession = { -readonly [K in keyof IdpQrSession]: IdpQrSession[K] } & {
  /** Set while a CIBA request for it is being made: later ones wait for its outcome. */
  linking: Promise<void> | undefined;
};

// How long a reserved link may stay unfinished before it is given up.
const LINK_TIMEOUT_MS = 10_000;

/**
 * The QR sessions of one OnesID stand-in, with the rules both dev-idp and the MSW fake follow: a
 * session expires `expiresInSeconds` after it was made (and is gone from then on), the phone scans it
 * once, and it is linked to exactly one CIBA request, by the user who scanned it, even when two
 * requests arrive at once. Approving the linked login deletes the session.
 *
 * @example
 * ```ts
 * import { DEMO_USERS, QrSessionBook } from '@ones.dev/idp-model';
 * const book = new QrSessionBook({ expiresInSeconds: 120, intervalSeconds: 2 });
 * const session = book.create(undefined);
 * book.scan(session.sessionId, DEMO_USERS[0]!); // 'scanned'
 * ```
 */
export class QrSessionBook {
  readonly expiresInSeconds: number;
  readonly intervalSeconds: number;
  readonly #sessions = new Map<string, MutableSession>();

  constructor(options: { readonly expiresInSeconds: number; readonly intervalSeconds: number }) {
    this.expiresInSeconds = options.expiresInSeconds;
    this.intervalSeconds = options.intervalSeconds;
  }

  create(originIp: string | undefined): IdpQrSession {
    const session: MutableSession = {
      sessionId: `qr-${crypto.randomUUID()}`,
      exp: Math.floor(Date.now() / 1000) + this.expiresInSeconds,
      originIp,
      status: 'pending',
      scannedBy: undefined,
      authRequestId: undefined,
      linking: undefined,
    };
    this.#sessions.set(session.sessionId, session);
    return snapshot(session);
  }

  /** A live session, or `undefined` (expired ones are forgotten on sight). */
  get(sessionId: string): IdpQrSession | undefined {
    const session = this.#live(sessionId);
    return session && snapshot(session);
  }

  /** Live sessions, oldest first. */
  list(): IdpQrSession[] {
    return [...this.#sessions.keys()].flatMap((id) => {
      const session = this.#live(id);
      return session ? [snapshot(session)] : [];
    });
  }

  /** The phone app scanned it as `user`. */
  scan(sessionId: string, user: IdpUser): 'scanned' | 'unknown' | 'already_scanned' {
    const session = this.#live(sessionId);
    if (session === undefined) return 'unknown';
    if (session.status !== 'pending') return 'already_scanned';
    session.status = 'scanned';
    session.scannedBy = user;
    return 'scanned';
  }

  /**
   * Reserves the session for a CIBA request by `user`, or says why not. The user is checked first,
   * so an already-linked answer, which names a login, only reaches the user who scanned.
   */
  async reserve(sessionId: string, user: IdpUser | undefined): Promise<QrLinkRefusal | QrLinkReservation> {
    const session = this.#live(sessionId);
    if (session === undefined) return { kind: 'invalid', description: 'unknown or expired QR session' };
    if (session.scannedBy === undefined)
      return { kind: 'invalid', description: 'the QR session was not scanned' };
    if (user === undefined || session.scannedBy.sub !== user.sub)
      return { kind: 'invalid', description: 'login_hint_token is not the user who scanned' };
    // Wait out a link in progress, then look again: it may have succeeded or been given up.
    while (session.linking !== undefined) await session.linking;
    if (session.authRequestId !== undefined)
      return { kind: 'already_linked', authRequestId: session.authRequestId };
    let release = () => {};
    session.linking = new Promise<void>((resolve) => {
      release = resolve;
    });
    const settle = () => {
      clearTimeout(safety);
      session.linking = undefined;
      release();
    };
    // A request that fails elsewhere (e.g. a bad binding message) may never come back to us.
    const safety = setTimeout(settle, LINK_TIMEOUT_MS);
    (safety as { unref?: () => void }).unref?.();
    return {
      complete: (authRequestId) => {
        session.authRequestId = authRequestId;
        session.status = 'authorizing';
        settle();
      },
      abandon: settle,
    };
  }

  /** Forgets a session: its login was approved (true when it was there). */
  delete(sessionId: string): boolean {
    return this.#sessions.delete(sessionId);
  }

  #live(sessionId: string): MutableSession | undefined {
    const session = this.#sessions.get(sessionId);
    if (session !== undefined && Date.now() >= session.exp * 1000) {
      this.#sessions.delete(sessionId);
      return undefined;
    }
    return session;
  }
}

function snapshot({ linking: _, ...session }: MutableSession): IdpQrSession {
  return session;
}
