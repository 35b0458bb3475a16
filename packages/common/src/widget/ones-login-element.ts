import { countdownText, escapeHtml as html, isFailure } from './widget-dom.js';
import { type OnesLoginDetail, runQrLogin, runUsernameLogin, type WidgetLoginRun } from './widget-logins.js';
import { failureOf, type OnesLoginState } from './widget-outcome.js';
import { panelHtml, type Tab, type View } from './widget-panel.js';
import { type OnesLoginStrings, stringsFor } from './widget-strings.js';
import { WIDGET_CSS } from './widget-styles.js';

// On a server (SSR) there is no HTMLElement: the class still loads, and is never defined there.
const Base = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement;

/**
 * `<ones-login>`: a login box for OnesID with a username (CIBA) tab and a QR-code tab. It talks to
 * the login kit's routes on `host` (default: the page's origin) under `base-path` (default
 * `/api/auth`), in session mode (the default: the page gets the user, never a token) or, with
 * `mode="tokens"`, to the vendor's four routes. Attributes: `host`, `base-path`, `mode`, `tabs`
 * (`"username qr"`, in order; one name for one tab), `locale` (`en`, `de`; default the page's
 * `lang`) and `theme` (`light`, `dark`; default the system's). Events: `ones-login` (detail: a
 * {@link OnesLoginDetail}), `ones-error` (detail: `{ code, state, message }`) and `ones-state`.
 * Taken off the page, it stops its login.
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
  static readonly observedAttributes = ['tabs', 'locale'];
  #root: ShadowRoot | undefined;
  #tab: Tab = 'username';
  #state: OnesLoginState = 'idle';
  #view: View = {};
  #run: AbortController | undefined;
  #ticker: ReturnType<typeof setInterval> | undefined;
  #strings: Partial<OnesLoginStrings> | undefined;
  /** The last username tried: kept in the form, and asked again by a retry. */
  #username = '';

  /** What the widget shows now. */
  get state(): OnesLoginState {
    return this.#state;
  }

  /** Its texts: the `locale`'s, with what you set here on top (any language, any subset). */
  get strings(): OnesLoginStrings {
    return { ...stringsFor(this.getAttribute('locale') ?? document.documentElement.lang), ...this.#strings };
  }
  set strings(strings: Partial<OnesLoginStrings>) {
    this.#strings = strings;
    this.#render();
  }

  get #tabs(): Tab[] {
    const tabs = (this.getAttribute('tabs') ?? '')
      .split(/\s+/)
      .filter((tab) => tab === 'username' || tab === 'qr');
    return tabs.length > 0 ? [...new Set(tabs as Tab[])] : ['username', 'qr'];
  }

  connectedCallback(): void {
    if (this.#root === undefined) {
      const root = this.attachShadow({ mode: 'open' });
      root.innerHTML = `<style>${WIDGET_CSS}</style><div class="box" part="box"><h2 id="title" part="title"></h2><div role="tablist" aria-labelledby="title" part="tabs"></div><p role="status" part="message"></p><div role="tabpanel" id="panel" part="panel"></div></div>`;
      // one listener each for the whole widget: its buttons and form come and go with the state
      root.addEventListener('click', (event) => this.#onClick(event.target as Element));
      root.addEventListener('submit', (event) => {
        event.preventDefault();
        this.start();
      });
      root.addEventListener('keydown', (event) => this.#onKey(event as KeyboardEvent));
      this.#root = root;
    }
    if (!this.#tabs.includes(this.#tab)) this.#tab = this.#tabs[0] as Tab;
    this.#render();
    if (this.#tab === 'qr' && this.#state === 'idle') this.start();
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
    const name = username ?? this.#root?.querySelector('input')?.value.trim() ?? '';
    if (!this.isConnected || (this.#tab === 'username' && name === '')) return;
    this.stop();
    this.#username = name;
    const run = new AbortController();
    this.#run = run;
    const live = (show: () => void) => !run.signal.aborted && show();
    const options: WidgetLoginRun = {
      host: this.getAttribute('host') ?? location.origin,
      basePath: this.getAttribute('base-path') ?? '/api/auth',
      mode: this.getAttribute('mode') === 'tokens' ? 'tokens' : 'session',
      signal: run.signal,
      onStarted: ({ loginCode, expiresIn }, scanned) =>
        live(() =>
          this.#show(scanned ? 'scanned' : 'waiting', {
            message: scanned ? 'scanned' : 'approve',
            code: loginCode,
            deadline: Date.now() + expiresIn * 1000,
          }),
        ),
      onQrCode: (content, expiresIn) =>
        live(() =>
          this.#show('waiting', {
            message: 'scan',
            qr: content,
            deadline: Date.now() + expiresIn * 1000,
          }),
        ),
    };
    this.#show('waiting', { message: 'starting' });
    (this.#tab === 'qr' ? runQrLogin(options) : runUsernameLogin(options, name)).then(
      (detail) => live(() => this.#loggedIn(detail)),
      (error: unknown) => live(() => this.#failed(error)),
    );
  }

  /** Stops the login in progress, if any, and shows the start again. */
  stop(): void {
    this.#run?.abort();
    this.#run = undefined;
    clearInterval(this.#ticker);
    if (this.#state !== 'idle') this.#show('idle', {});
  }

  #loggedIn(detail: OnesLoginDetail): void {
    const { user } = detail as { user?: Record<string, unknown> };
    const name = [user?.name, user?.preferred_username, user?.sub].find((value) => typeof value === 'string');
    this.#show('approved', name === undefined ? { message: 'loggedIn' } : { message: 'loggedInAs', name });
    this.#emit('ones-login', detail);
  }

  #failed(error: unknown): void {
    const { state, message } = failureOf(error);
    this.#show(state, { message });
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
    const timer = () => this.#root?.querySelector('[role=timer]');
    if (view.deadline !== undefined) {
      this.#ticker = setInterval(() => {
        const element = timer();
        if (element) element.textContent = countdownText(view.deadline as number);
      }, 1000);
    }
    this.#render();
    if (changed) this.#emit('ones-state', { state });
  }

  #select(tab: Tab): void {
    if (tab === this.#tab) return;
    this.stop();
    this.#tab = tab;
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
    if (action === 'start') this.start();
    if (action === 'retry') this.start(this.#username);
    if (action === 'stop') this.stop();
  }

  /**
   * Tabs with manual activation (WAI-ARIA APG): arrow keys, Home and End move the focus among the
   * tabs; Enter or Space selects one. Selecting the QR tab starts a login, which costs the server a
   * QR session and counts against the rate limits: it must not happen on the way past.
   */
  #onKey(event: KeyboardEvent): void {
    const buttons = [...(this.#root?.querySelectorAll<HTMLElement>('[role=tab]') ?? [])];
    const at = buttons.indexOf(event.target as HTMLElement);
    const count = buttons.length;
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1 + count, Home: 0, End: count - 1 }[event.key];
    if (at < 0 || next === undefined) return;
    event.preventDefault();
    const button = buttons[next % count] as HTMLElement;
    for (const other of buttons) other.tabIndex = other === button ? 0 : -1;
    button.focus();
  }

  /**
   * Brings the shadow DOM up to date. Each part is rewritten only when its HTML changed, so an equal
   * `strings` object (React assigns one per render) neither wipes what the user typed nor makes a
   * screen reader announce the status line again. Focus that was on a part that went away moves to
   * what there is to do now: the selected tab, or the state's control.
   */
  #render(): void {
    const root = this.#root;
    if (root === undefined) return;
    const strings = this.strings;
    const state = this.#state;
    const { message, name, code } = this.#view;
    const tabs = this.#tabs;
    const [box, title, tablist, status, panel] = root.querySelectorAll<HTMLElement>(
      '.box,h2,[role=tablist],p,#panel',
    );
    if (!box || !title || !tablist || !status || !panel) return;
    const active = root.activeElement;
    const typed = panel.querySelector('input');
    if (typed) this.#username = typed.value;
    box.dataset.state = state;
    title.textContent = strings.title;
    tablist.hidden = tabs.length < 2;
    this.#write(
      tablist,
      0,
      tabs
        .map((tab) => {
          const selected = tab === this.#tab;
          return `<button type="button" role="tab" id="tab-${tab}" part="tab" aria-controls="panel" aria-selected="${selected}" tabindex="${selected ? 0 : -1}">${html(tab === 'qr' ? strings.tabQr : strings.tabUsername)}</button>`;
        })
        .join(''),
    );
    panel.setAttribute('role', tabs.length < 2 ? 'group' : 'tabpanel');
    panel.setAttribute('aria-labelledby', tabs.length < 2 ? 'title' : `tab-${this.#tab}`);
    this.#write(
      panel,
      1,
      panelHtml({ state, tab: this.#tab, view: this.#view, strings, username: this.#username }),
    );
    // The status line is the live region: it stays, and its text changes only when it says something new.
    status.className = isFailure(state) ? 'failed' : '';
    const text = message === undefined ? '' : html(strings[message].replace('{name}', () => name ?? ''));
    this.#write(
      status,
      2,
      code === undefined ? text : `${text}<span class="hidden"> ${html(`${strings.code} ${code}`)}</span>`,
    );
    // Logged in, nothing is left to act on: the focus goes to the message.
    status.toggleAttribute('data-focus', state === 'approved');
    if (state === 'approved') status.tabIndex = -1;
    else status.removeAttribute('tabindex');
    if (active === null || (active.isConnected && state !== 'approved')) return;
    const onTab = active.getAttribute('role') === 'tab';
    root.querySelector<HTMLElement>(onTab ? '[aria-selected=true]' : '[data-focus]')?.focus();
  }

  /** The HTML each part (0: tabs, 1: panel, 2: status) shows now, to rewrite only what changed. */
  readonly #written: string[] = [];
  #write(part: HTMLElement, index: number, markup: string): void {
    if (this.#written[index] === markup) return;
    this.#written[index] = markup;
    part.innerHTML = markup;
  }
}
