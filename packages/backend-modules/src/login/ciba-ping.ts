import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { isWireId } from '@ones.dev/common';
import { jsonAnswer, LoginRefusal, type RouteAnswer } from './login-answers.js';
import type { LoginKit } from './login-kit.js';
import type { RouteContext } from './route-context.js';

/** How often a held status request looks in the store for a notification another instance got. */
const STORE_CHECK_MS = 250;
/** Without a notification, the kit asks the IdP itself at most this often per login. */
const FALLBACK_POLL_SECONDS = 30;
/** The longest hold: the browser helpers give a request 10 s, and the IdP's answer needs some. */
export const MAX_HOLD_SECONDS = 8;

const hashOf = (token: string) => createHash('sha256').update(token).digest();
/** A ping-mode login's entry of one kind in the store, under the kit's keyed digest of its id. */
const pingKey = (kit: LoginKit, kind: 'token' | 'ready' | 'fallback', authReqId: string) =>
  `ones:ping-${kind}:${kit.rateLimits.digest(`ping-${kind}\n${authReqId}`)}`;

/** A fresh `client_notification_token`: 256 random bits, a credential only this login's ping carries. */
export function newNotificationToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Remembers a ping-mode login after the IdP acknowledged it: the hash of its notification token
 * (never the token itself), and that the kit need not poll the IdP for it for the first 30 s.
 */
export async function rememberPingLogin(kit: LoginKit, authReqId: string, token: string, expiresIn: number) {
  const { store } = kit.settings;
  // the first token wins: a QR session linked by two requests at once sent the IdP only one
  await store.add(pingKey(kit, 'token', authReqId), hashOf(token).toString('base64url'), expiresIn);
  await store.add(pingKey(kit, 'fallback', authReqId), '1', FALLBACK_POLL_SECONDS);
}

/**
 * `POST {basePath}/ciba/notify`, called by the IdP (CIBA Core §10.2): `Authorization: Bearer <token>`
 * and `{ auth_req_id }`. The token is compared in constant time with the one this login was started
 * with; an unknown login and a wrong token get the same 404. On a match the login is marked decided
 * for every instance (the store) and the browsers waiting here are woken; 204 either way the IdP
 * sends it again.
 */
export async function notifyCibaLogin(context: RouteContext): Promise<RouteAnswer> {
  const { kit, body } = context;
  const [scheme, token] = (context.facts.headers.get('authorization') ?? '').split(' ');
  const authReqId = body.auth_req_id;
  const expected =
    scheme?.toLowerCase() === 'bearer' && token !== undefined && isWireId(authReqId)
      ? await kit.settings.store.get(pingKey(kit, 'token', authReqId))
      : null;
  // compared as SHA-256 hashes: equal lengths, so no early exit on a length difference; the
  // presented token is hashed whether or not there is anything to compare it with
  const presented = hashOf(token ?? '');
  const stored = expected === null ? undefined : Buffer.from(expected, 'base64url');
  const matches = stored?.length === 32 && timingSafeEqual(presented, stored);
  if (!matches) {
    throw new LoginRefusal('ERR_LOGIN_NOT_FOUND', 'no such login waits for a notification', {
      'www-authenticate': 'Bearer',
    });
  }
  await kit.settings.store.set(pingKey(kit, 'ready', authReqId as string), '1', 600);
  kit.pingWaiters.wake(authReqId as string);
  return jsonAnswer(204, null);
}

/**
 * Whether the IdP announced this login's decision, waiting up to `holdMs` for it: woken at once when
 * the notification reaches this instance, or seen in the store within 0.25 s when it reached another.
 * Ends early (false) when the browser goes away.
 */
export async function waitForPing(
  kit: LoginKit,
  authReqId: string,
  holdMs: number,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const { store } = kit.settings;
  const key = pingKey(kit, 'ready', authReqId);
  const deadline = Date.now() + holdMs;
  for (;;) {
    if ((await store.get(key)) !== null) return true;
    const left = deadline - Date.now();
    if (left <= 0 || signal?.aborted) return false;
    await kit.pingWaiters.wait(authReqId, Math.min(STORE_CHECK_MS, left), signal);
  }
}

/** Whether the kit should ask the IdP itself now: no notification in 30 s (on any instance). */
export function isFallbackPollDue(kit: LoginKit, authReqId: string): Promise<boolean> {
  return kit.settings.store.add(pingKey(kit, 'fallback', authReqId), '1', FALLBACK_POLL_SECONDS);
}

/**
 * The status requests held on this instance, by login: a notification that reaches this instance
 * wakes them at once, without waiting for their next look in the store.
 */
export class PingWaiters {
  readonly #waiting = new Map<string, Set<() => void>>();

  /** Resolves after `ms`, or sooner when `authReqId` is woken or `signal` aborts. */
  wait(authReqId: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((done) => {
      const finish = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        const set = this.#waiting.get(authReqId);
        set?.delete(finish);
        if (set?.size === 0) this.#waiting.delete(authReqId);
        done();
      };
      const timer = setTimeout(finish, ms);
      signal?.addEventListener('abort', finish, { once: true });
      const set = this.#waiting.get(authReqId) ?? new Set();
      set.add(finish);
      this.#waiting.set(authReqId, set);
    });
  }

  /** Wakes every request held for `authReqId` on this instance. */
  wake(authReqId: string): void {
    for (const finish of [...(this.#waiting.get(authReqId) ?? [])]) finish();
  }
}
