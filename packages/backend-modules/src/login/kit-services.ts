import { KitCookies } from './cookies/kit-cookies.js';
import { KitKeys } from './cookies/kit-keys.js';
import { MadeUpLogins } from './defences/made-up-logins.js';
import { PingDecisions } from './defences/ping-decisions.js';
import { RateLimits } from './defences/rate-limits.js';
import { ClientAddresses } from './http/client-address.js';
import { DevHints } from './http/dev-hints.js';
import type { LoginSettings } from './options/resolve-settings.js';
import type { Clock } from './settings/clock.js';
import { type IdpCaller, idpCallerOf } from './settings/idp-caller.js';
import { LogoutLedger } from './state/logout-ledger.js';
import { SessionRefresher } from './state/session-refresh.js';
import { Sessions } from './state/sessions.js';
import { MemoryLoginStore } from './store/memory-login-store.js';
import { SharedStore, type StoreTiming } from './store/shared-store.js';
import { StoreKeys } from './store/store-keys.js';

/** Seconds between a browser's status requests for a CIBA login, as the kit announces them. */
export const BROWSER_POLL_SECONDS = 2;

/**
 * The parts of one kit instance, each owning its state: the cookies it seals, the store as the kit
 * sees it (deadlines, outages), the logout ledger and sessions, the rate limits, made-up logins, ping
 * mode's decisions, and the clock they all read. Routes are functions of a request and these.
 */
export interface KitServices {
  readonly settings: LoginSettings;
  readonly clock: Clock;
  readonly cookies: KitCookies;
  readonly store: SharedStore;
  readonly keys: StoreKeys;
  readonly sessions: Sessions;
  readonly refresher: SessionRefresher;
  readonly limits: RateLimits;
  readonly madeUp: MadeUpLogins;
  /** Ping mode's notifications; `undefined` in poll mode. */
  readonly ping: PingDecisions | undefined;
  readonly addresses: ClientAddresses;
  /** Says once in the log why a developer's page (a loopback origin) was refused. */
  readonly devHints: DevHints;
  /** Seconds a CIBA login started here may stay pending (sent to the IdP as `requested_expiry`). */
  readonly loginSeconds: number;
  /** Runs `call` to the IdP (or the signer) with its deadline, `idpTimeoutSeconds`. */
  readonly idp: IdpCaller;
}

/** A store call's deadline, and how often a store that failed is asked again. */
const STORE_TIMING: StoreTiming = { timeoutMs: 500, probeMs: 100 };

/**
 * Builds a kit's parts from its checked settings, on `clock` (tests give their own).
 *
 * @example
 * const kit = buildKitServices(resolveSettings(options), systemClock);
 */
export function buildKitServices(
  settings: LoginSettings,
  clock: Clock,
  timing: StoreTiming = STORE_TIMING,
): KitServices {
  const { auth, log } = settings;
  const kitKeys = new KitKeys(settings.secrets);
  const keys = new StoreKeys(kitKeys.for('store keys')[0].bytes);
  const store = new SharedStore(
    settings.store ?? new MemoryLoginStore({ now: () => clock.now() }),
    keys,
    clock,
    log,
    timing,
  );
  const cookies = new KitCookies(kitKeys, settings.secureCookies, clock);
  const ledger = new LogoutLedger(store, keys, clock, log);
  const loginSeconds = auth.authJwtProperties?.requestedExpiry ?? 120;
  const idp = idpCallerOf(clock, settings.idpTimeoutSeconds * 1000);
  return {
    settings,
    clock,
    cookies,
    store,
    keys,
    sessions: new Sessions({
      cookies,
      ledger,
      store,
      clock,
      log,
      auth,
      idp,
      lifetimes: settings,
      sessionClaims: settings.sessionClaims,
      policy: settings.storeOutage,
    }),
    refresher: new SessionRefresher({
      auth,
      idp,
      store,
      keys,
      sealer: cookies.refreshResults,
      clock,
      log,
    }),
    limits: new RateLimits({
      store,
      keys,
      clock,
      limits: settings.rateLimits,
      loginHintKinds: settings.loginHintKinds,
    }),
    madeUp: new MadeUpLogins({
      store,
      keys,
      defaults: { expiresIn: loginSeconds, idpInterval: BROWSER_POLL_SECONDS },
    }),
    ping:
      settings.cibaPingHoldMs === undefined
        ? undefined
        : new PingDecisions({ store, keys, tokenKeys: kitKeys.for('ping tokens'), clock, log }),
    addresses: new ClientAddresses(settings.trustedProxyHops, log),
    devHints: new DevHints(log, settings.origins),
    loginSeconds,
    idp,
  };
}
