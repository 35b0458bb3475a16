import { OnesTimeoutError } from '../errors/errors.js';
import { QrRefresh } from './qr-refresh.js';
import { CHECK_USERNAME_AFTER_MS, showTimeLeft, startedView } from './widget-countdown.js';
import { isFailure, moveAmongTabs } from './widget-dom.js';
import { WidgetLanguage } from './widget-language.js';
import {
  forgetLogin,
  type OnesLoginDetail,
  runQrLogin,
  runUsernameLogin,
  type WidgetLoginRun,
} from './widget-logins.js';
import { failureOf, type OnesLoginState } from './widget-outcome.js';
import type { Tab, View } from './widget-panel.js';
import { renderWidget, WIDGET_FRAME } from './widget-render.js';
import { endSession, restoredLogin, routeOf, tabsOf } from './widget-session.js';
import type { OnesLoginStrings } from './widget-strings.js';
import { WIDGET_CSS } from './widget-styles.js';

/** A username as OnesID has them (or an e-mail address): letters, digits and `. _ - @ +`. */
const USERNAME = /^[\p{L}\p{N}._@+-]{1,256}$/u;

// On a server (SSR) there is no HTMLElement: the class still loads, and is never defined there.
const Base = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

/**
 * `<ones-login>`: a login box for OnesID with a username (CIBA) tab and a QR-code tab. It talks to
 * the login kit's routes on `host` (default: the page's origin) under `base-path` (default
 * `/api/auth`), in session mode (the default: the page gets the user, never a token; on connect it
 * asks the kit for the session and starts logged in when there is one, with a "Sign out") or, with
 * `mode="tokens"`, to the vendor's four routes. Attributes: `host`, `base-path`, `mode`, `tabs`
 * (`"username qr"`, in order; one name for one tab), `locale` (`en`, `de`; default the page's
 * `lang`), `theme` (`light`, `dark`; default the system's), `app-link` (a link template, `{qr}` the
 * QR code's content, shown on a phone-sized screen or with `show-app-link`). A `slot="brand"` child
 * shows next to the title. Events: `ones-login` (detail: a {@link OnesLoginDetail}; also for a
 * session found on connect), `ones-logout`, `ones-error` (detail: `{ code, state, message }`) and
 * `ones-state`. Taken off the page, it stops its login.
 *
 * @example
 * ```html
 * <script type="module" src="/assets/ones-login.js"></script>
 * <ones-login></ones-login>
 * <script type="module">
 *   document.querySelector('ones-login').addEventListener('ones-login', (event) => {
 *     console.log('logged in as', event.detail.user.sub);
 *   });
 * </script>
 * ```
 */
export class OnesLoginElement extends Base {
  static readonly observedAttributes = ['tabs', 'locale', 'app-link'];
  #root: ShadowRoot | undefined;
  #tab: Tab = 'username';
  #state: OnesLoginState = 'idle';
  #view: View = {};
  #run: AbortController | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #strings: Partial<OnesLoginStrings> | undefined;
  /** The last username tried: kept in the form, and asked again by a retry. */
  #username = '';
  readonly #qrRefresh = new QrRefresh();
  /** The login in progress, as the kit knows it: what Cancel asks the kit to forget. */
  #pending: { readonly authRequestId: string } | { readonly sessionId: string } | undefined;
  #restoring: Promise<void> | undefined;
  readonly #language = new WidgetLanguage(() => this.#render());
  readonly #written: string[] = [];

  /** What the widget shows now. */
  get state(): OnesLoginState {
    return this.#state;
  }

  /** Its texts: the `locale`'s, with what you set here on top (any language, any subset). */
  get strings(): OnesLoginStrings {
    const locale = this.getAttribute('locale') ?? document.documentElement.lang;
    return { ...this.#language.stringsFor(locale), ...this.#strings };
  }
  set strings(strings: Partial<OnesLoginStrings>) {
    this.#strings = strings;
    this.#render();
  }

  get #tabs(): Tab[] {
    return tabsOf(this.getAttribute('tabs'));
  }

  connectedCallback(): void {
    if (this.#root === undefined) {
      const root = this.attachShadow({ mode: 'open' });
      root.innerHTML = `<style>${WIDGET_CSS}</style>${WIDGET_FRAME}`;
      // one listener each for the whole widget: its buttons and form come and go with the state
      root.addEventListener('click', (event) => this.#onClick(event.target as Element));
      root.addEventListener('submit', (event) => {
        event.preventDefault();
        this.start();
      });
      root.addEventListener('keydown', (event) => moveAmongTabs(root, event as KeyboardEvent));
      this.#root = root;
    }
    if (!this.#tabs.includes(this.#tab)) this.#tab = this.#tabs[0] as Tab;
    this.#render();
    // a session from before (a reload): start logged in; else the QR tab shows its code at once
    this.#restoring ??= this.#restore();
    void this.#restoring.then(() => {
      if (this.isConnected && this.#tab === 'qr' && this.#state === 'idle') this.start();
    });
  }

  disconnectedCallback(): void {
    this.stop();
  }

  attributeChangedCallback(): void {
    // a tab that is no longer offered: show the first one that is
    if (this.#root !== undefined && !this.#tabs.includes(this.#tab)) this.#select(this.#tabs[0] as Tab);
    else this.#render();
  }

  /** Starts a login on the shown tab: by QR code, or by `username` (default: what the user typed). */
  start(username?: string): void {
    if (!this.isConnected) return;
    const name = username ?? this.#root?.querySelector('input')?.value.trim() ?? '';
    if (this.#tab === 'username' && !USERNAME.test(name)) {
      this.#username = name;
      this.#show('idle', { message: name === '' ? 'usernameMissing' : 'usernameInvalid', invalid: true });
      this.#root?.querySelector('input')?.focus();
      return;
    }
    this.stop();
    this.#username = name;
    const run = new AbortController();
    this.#run = run;
    const live = (show: () => void) => !run.signal.aborted && show();
    const startedAt = Date.now();
    const options: WidgetLoginRun = {
      ...routeOf(this),
      signal: run.signal,
      onStarted: (login, scanned, authRequestId) =>
        live(() => {
          this.#pending = { authRequestId };
          this.#qrRefresh.cancel();
          this.#show(scanned ? 'scanned' : 'waiting', startedView(this.#view, login, scanned, startedAt));
        }),
      onQrCode: (content, expiresIn, sessionId) =>
        live(() => {
          this.#pending = { sessionId };
          const deadline = Date.now() + expiresIn * 1000;
          this.#show('waiting', { message: 'scan', qr: content, deadline, total: expiresIn * 1000 });
          this.#qrRefresh.schedule(expiresIn, () => this.#refreshQr());
        }),
    };
    this.#show('waiting', { message: 'starting' });
    (this.#tab === 'qr' ? runQrLogin(options) : runUsernameLogin(options, name)).then(
      (detail) => live(() => this.#loggedIn(detail)),
      (error: unknown) => live(() => this.#failed(error)),
    );
  }

  /**
   * Stops the login in progress, if any, and shows the start again. The kit forgets the login
   * (`POST /cancel`) and withdraws it from the phone where OnesID offers that.
   */
  stop(): void {
    if (this.#pending !== undefined && this.#run !== undefined) forgetLogin(routeOf(this), this.#pending);
    this.#pending = undefined;
    this.#run?.abort();
    this.#run = undefined;
    clearInterval(this.#ticker);
    this.#qrRefresh.cancel();
    if (this.#state !== 'idle' && this.#state !== 'approved') this.#show('idle', {});
  }

  /** Ends the session (session mode: at the kit, which revokes its tokens) and shows the start. */
  async signOut(): Promise<void> {
    try {
      await endSession(routeOf(this));
    } catch {
      this.#show('approved', { ...this.#view, message: 'signOutFailed' });
      return;
    }
    this.#show('idle', {});
    this.#emit('ones-logout', {});
  }

  /** Session mode: asks the kit whether this browser is logged in, and shows it if so. */
  async #restore(): Promise<void> {
    const detail = await restoredLogin(routeOf(this));
    if (detail !== null && this.#state === 'idle') this.#loggedIn(detail);
  }

  /** A QR code about to expire: a new one, a few times; then the user asks for one. */
  #refreshQr(): void {
    if (this.#state !== 'waiting' || this.#tab !== 'qr') return;
    if (this.#qrRefresh.again()) {
      this.start();
      return;
    }
    this.stop();
    this.#show('idle', { message: 'qrPaused' });
  }

  #loggedIn(detail: OnesLoginDetail): void {
    this.#pending = undefined;
    const { user } = detail as { user?: Record<string, unknown> };
    const name = [user?.name, user?.preferred_username, user?.sub].find((value) => typeof value === 'string');
    this.#show('approved', name === undefined ? { message: 'loggedIn' } : { message: 'loggedInAs', name });
    this.#emit('ones-login', detail);
  }

  #failed(error: unknown): void {
    this.#pending = undefined;
    const { state, message, hint } = failureOf(error);
    this.#show(state, hint === undefined ? { message } : { message, hint });
    const { code } = error as { code?: unknown };
    const detail = {
      code: typeof code === 'string' ? code : 'ERR_UNKNOWN',
      state,
      message: this.strings[message],
    };
    this.#emit('ones-error', detail);
  }

  #emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #show(state: OnesLoginState, view: View): void {
    const changed = state !== this.#state;
    this.#state = state;
    this.#view = view;
    clearInterval(this.#ticker);
    if (view.deadline !== undefined && !isFailure(state)) {
      const waitingSince = Date.now();
      this.#ticker = setInterval(() => this.#tick(view, waitingSince), 1000);
    }
    this.#render();
    if (changed) this.#emit('ones-state', { state });
  }

  /** Once a second while waiting: the countdown and its bar; the username note after a while. */
  #tick(view: View, waitingSince: number): void {
    const deadline = view.deadline as number;
    showTimeLeft(this.#root, deadline);
    // a scanned QR login ends with the countdown it showed, even if OnesID would wait longer
    if (this.#state === 'scanned' && Date.now() >= deadline) {
      this.#run?.abort();
      this.#failed(new OnesTimeoutError('ERR_TIMEOUT_POLLING', 'the login expired'));
      return;
    }
    const quiet = this.#state === 'waiting' && this.#tab === 'username' && view.note === undefined;
    if (quiet && view.code !== undefined && Date.now() - waitingSince >= CHECK_USERNAME_AFTER_MS) {
      this.#view = { ...view, note: 'checkUsername' };
      this.#render();
    }
  }

  #select(tab: Tab): void {
    if (tab === this.#tab) return;
    this.stop();
    this.#tab = tab;
    this.#qrRefresh.reset();
    this.#render();
    if (tab === 'qr') this.start();
  }

  #onClick(target: Element): void {
    const tab = target.closest('[role=tab]')?.id.slice(4);
    if (tab !== undefined) {
      this.#select(tab as Tab);
      return;
    }
    const action = target.closest('[data-action]')?.getAttribute('data-action');
    if (action === 'start' || action === 'retry') this.#qrRefresh.reset();
    if (action === 'start') this.start();
    if (action === 'retry') this.start(this.#username);
    if (action === 'stop') this.stop();
    if (action === 'signout') void this.signOut();
  }

  #render(): void {
    if (this.#root === undefined) return;
    const typed = renderWidget(
      this.#root,
      {
        state: this.#state,
        tab: this.#tab,
        tabs: this.#tabs,
        view: this.#view,
        strings: this.strings,
        username: this.#username,
        appLink: this.getAttribute('app-link'),
      },
      this.#written,
    );
    if (typed !== undefined) this.#username = typed;
  }
}
