import type { DevIdpUser } from '../users.js';

/**
 * A QR login session at the local OnesID.
 *
 * @example
 * ```ts
 * import type { DevQrSession } from '@ones.dev/dev-idp';
 * const waiting = (session: DevQrSession) => session.status === 'pending';
 * ```
 */
export interface DevQrSession {
  readonly sessionId: string;
  /** Expiry, seconds since the epoch. */
  readonly exp: number;
  readonly originIp: string | undefined;
  readonly status: 'pending' | 'scanned' | 'authorizing';
  /** Who scanned it. */
  readonly scannedBy: DevIdpUser | undefined;
  readonly authRequestId: string | undefined;
}

interface MutableSession {
  sessionId: string;
  exp: number;
  originIp: string | undefined;
  status: DevQrSession['status'];
  scannedBy: DevIdpUser | undefined;
  authRequestId: string | undefined;
  /** Set while a CIBA request for it is being made: later ones wait for its id. */
  linking: Promise<string> | undefined;
}

// How long a reserved link may stay unfinished before it is given up.
const LINK_TIMEOUT_MS = 10_000;

/** Why a link was refused: the answer bc-authorize gives. */
export type QrLinkRefusal =
  | { readonly kind: 'invalid'; readonly description: string }
  | { readonly kind: 'already_linked'; readonly authRequestId: string };

/**
 * The QR sessions of one dev-idp. A session is linked to exactly one CIBA request: a second
 * bc-authorize for it is refused with the first one's id (`qr_session_already_linked`), even when
 * the two arrive at the same time.
 */
export class QrSessions {
  readonly #sessions = new Map<string, MutableSession>();

  constructor(
    readonly expiresInSeconds: number,
    readonly intervalSeconds: number,
  ) {}

  create(originIp: string | undefined): DevQrSession {
    const sessionId = `qr-${crypto.randomUUID()}`;
    const session: MutableSession = {
      sessionId,
      exp: Math.floor(Date.now() / 1000) + this.expiresInSeconds,
      originIp,
      status: 'pending',
      scannedBy: undefined,
      authRequestId: undefined,
      linking: undefined,
    };
    this.#sessions.set(sessionId, session);
    return { ...session };
  }

  /** A live session (expired ones are deleted on sight). */
  get(sessionId: string): DevQrSession | undefined {
    const session = this.#live(sessionId);
    return session && { ...session };
  }

  /** Live sessions, newest last. */
  list(): DevQrSession[] {
    return [...this.#sessions.keys()].flatMap((id) => {
      const session = this.#live(id);
      return session ? [{ ...session }] : [];
    });
  }

  /** The phone app scanned it as `user`. */
  scan(sessionId: string, user: DevIdpUser): 'scanned' | 'unknown' | 'already_scanned' {
    const session = this.#live(sessionId);
    if (session === undefined) return 'unknown';
    if (session.status !== 'pending') return 'already_scanned';
    session.status = 'scanned';
    session.scannedBy = user;
    return 'scanned';
  }

  /**
   * Reserves the session for a CIBA request by `user` (the one who scanned), or says why not. The
   * user is checked first, so an already-linked answer only ever reaches the user who scanned.
   * Call `complete` with the new request's id once it exists, or `abandon` if it failed.
   */
  async reserve(
    sessionId: string,
    user: DevIdpUser | undefined,
  ): Promise<QrLinkRefusal | { complete(authRequestId: string): void; abandon(): void }> {
    const session = this.#live(sessionId);
    if (session === undefined) return { kind: 'invalid', description: 'unknown or expired QR session' };
    if (session.scannedBy === undefined)
      return { kind: 'invalid', description: 'the QR session was not scanned' };
    if (user === undefined || session.scannedBy.sub !== user.sub) {
      return { kind: 'invalid', description: 'login_hint_token is not the user who scanned' };
    }
    // Wait out any link in progress, then look again: it may have succeeded or been given up.
    while (session.linking !== undefined) await session.linking.catch(() => undefined);
    if (session.authRequestId !== undefined)
      return { kind: 'already_linked', authRequestId: session.authRequestId };
    let settle: { resolve(id: string): void; reject(error: Error): void } | undefined;
    session.linking = new Promise<string>((resolve, reject) => {
      settle = { resolve, reject };
    });
    session.linking.catch(() => {});
    const abandon = () => {
      if (session.linking === undefined) return;
      session.linking = undefined;
      settle?.reject(new Error('the CIBA request failed'));
    };
    // A request that fails elsewhere (e.g. a bad binding message) may never come back to us.
    const safety = setTimeout(abandon, LINK_TIMEOUT_MS);
    safety.unref();
    return {
      complete: (authRequestId) => {
        clearTimeout(safety);
        session.authRequestId = authRequestId;
        session.status = 'authorizing';
        session.linking = undefined;
        settle?.resolve(authRequestId);
      },
      abandon: () => {
        clearTimeout(safety);
        abandon();
      },
    };
  }

  /** Deletes a session: its login was approved, or it expires now. */
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
