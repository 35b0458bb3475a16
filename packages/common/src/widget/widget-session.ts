import { getSessionClient } from '../session/get-session-client.js';
import { logOutClient } from '../session/log-out-client.js';
import type { OnesLoginDetail, WidgetLoginRun } from './widget-logins.js';
import type { Tab } from './widget-panel.js';

/** Where and how the element talks to the kit. */
export type WidgetRoute = Pick<WidgetLoginRun, 'host' | 'basePath' | 'mode'>;

/**
 * The element's route from its attributes: `host` (default the page's origin), `base-path` (default
 * `/api/auth`) and `mode` (`session` unless `tokens`).
 *
 * @example
 * const route = routeOf(document.querySelector('ones-login')); // { host, basePath, mode }
 */
export function routeOf(element: Element): WidgetRoute {
  return {
    host: element.getAttribute('host') ?? location.origin,
    basePath: element.getAttribute('base-path') ?? '/api/auth',
    mode: element.getAttribute('mode') === 'tokens' ? 'tokens' : 'session',
  };
}

/**
 * The tabs a `tabs` attribute offers, in its order, each once; both when it names none.
 *
 * @example
 * tabsOf('qr username qr'); // ['qr', 'username']
 */
export function tabsOf(attribute: string | null): Tab[] {
  const tabs = (attribute ?? '').split(/\s+/).filter((tab) => tab === 'username' || tab === 'qr');
  return tabs.length > 0 ? [...new Set(tabs as Tab[])] : ['username', 'qr'];
}

/**
 * Session mode: the kit's session for this browser, as the detail of a login; `null` without one,
 * when the kit cannot tell, and in tokens mode.
 *
 * @example
 * const detail = await restoredLogin(routeOf(widget)); // a reload keeps the session
 */
export async function restoredLogin(route: WidgetRoute): Promise<OnesLoginDetail | null> {
  if (route.mode !== 'session') return null;
  const session = await getSessionClient(route.host, { basePath: route.basePath }).catch(() => null);
  return session === null ? null : { mode: 'session', ...session };
}

/**
 * Ends the session at the kit in session mode (which revokes its tokens); tokens mode keeps none.
 *
 * @example
 * await endSession(routeOf(widget));
 */
export async function endSession(route: WidgetRoute): Promise<void> {
  if (route.mode === 'session') await logOutClient(route.host, { basePath: route.basePath });
}
