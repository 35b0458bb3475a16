import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/** The kinds of counters the kit keeps (see `RateLimits`). */
export type CounterKind =
  | 'start-address'
  | 'start-user-address'
  | 'start-user'
  | 'request-address'
  | 'consent-user';

/**
 * A counter: the group it lives in (one per kind and window) and its field there, or, for a store
 * without groups, a key of its own.
 */
export interface CounterKey {
  readonly group: string;
  readonly field: string;
  readonly single: string;
}

/**
 * Every key and channel name the kit uses in the store, made here and nowhere else. What the
 * browser or the IdP chose (a username, an address, a login id) only ever appears as a keyed digest
 * (HMAC-SHA256 under a key derived from your secret), so the store never holds it in the clear and
 * apps with other secrets sharing one Redis keep apart. A logout is kept under the session's own id
 * (`ones:logout:<sid>`): 128 random bits the kit made, under the name every earlier version used, so
 * logouts recorded before an upgrade still count.
 *
 * @example
 * const keys = new StoreKeys(kitKeys.for('store keys')[0].bytes);
 * keys.logout('k3Jx…'); // 'ones:logout:k3Jx…'
 * keys.counter('start-user', 'username\nbob', 5_893_901); // { group: 'ones:rl:start-user:5893901', field: '…' }
 */
export class StoreKeys {
  /** A KeyObject: `createHmac` checks a raw key's type on every call, which costs more than the HMAC. */
  readonly #key: KeyObject;

  constructor(key: Uint8Array) {
    this.#key = createSecretKey(key);
  }

  /** A session ended by logout. */
  logout(sid: string): string {
    return `ones:logout:${sid}`;
  }

  /** The counter of `kind` for `subject` (an address bucket, a user…) in the window numbered `window`. */
  counter(kind: CounterKind, subject: string, window: number): CounterKey {
    const group = `ones:rl:${kind}:${window}`;
    const field = this.#digest(`${kind}\n${subject}`);
    return { group, field, single: `${group}:${field}` };
  }

  /** The browser's last status request for a login, for `slow_down`. */
  pollPace(loginId: string): string {
    return `ones:poll:${this.#digest(`poll\n${loginId}`)}`;
  }

  /** The kit's last request to the IdP for a login, kept to the IdP's own interval. */
  idpPace(loginId: string): string {
    return `ones:idp-poll:${this.#digest(`idp-poll\n${loginId}`)}`;
  }

  /**
   * A login the IdP announced as decided (ping mode), by its notification token and id together:
   * a token replayed for another login names no login that waits.
   */
  decided(token: string, loginId: string): string {
    return `ones:ping-ready:${this.decisionMessage(token, loginId)}`;
  }

  /** What the kit publishes to tell its instances that a login was decided (nothing in the clear). */
  decisionMessage(token: string, loginId: string): string {
    return this.#digest(`decision\n${token}\n${loginId}`);
  }

  /** The right to ask the IdP for a login's tokens once (`round`: the notification, or a fallback poll). */
  claim(loginId: string, round: string): string {
    return `ones:claim:${this.#digest(`claim\n${loginId}`)}:${round}`;
  }

  /** One session's refresh with one refresh token: its lock and its result. */
  refresh(sid: string, refreshToken: string, part: 'lock' | 'result'): string {
    return `ones:refresh:${this.#digest(`refresh\n${sid}\n${refreshToken}`)}:${part}`;
  }

  /** The last forced refresh of a session (`POST /refresh`). */
  refreshPace(sid: string): string {
    return `ones:refresh-pace:${this.#digest(`refresh-pace\n${sid}`)}`;
  }

  /** A consent request's last status check, or that its decision was handed out. */
  consent(consentId: string, part: 'pace' | 'done'): string {
    return `ones:consent-${part}:${this.#digest(`consent\n${consentId}`)}`;
  }

  /** The timing of the latest real CIBA login, which made-up logins copy. */
  cibaTiming(): string {
    return `ones:ciba-timing:${this.#digest('ciba-timing')}`;
  }

  /** Since when the store's logouts hold (milliseconds): moved on when the store lost its data. */
  epoch(): string {
    return `ones:epoch:${this.#digest('epoch')}`;
  }

  /** The channel the kit's instances tell each other on. */
  channel(): string {
    return `ones:events:${this.#digest('events')}`;
  }

  // No cache of digests: the kit's CPU per login was the same without one (bench/README.md).
  #digest(text: string): string {
    return createHmac('sha256', this.#key).update(text).digest('base64url');
  }
}
