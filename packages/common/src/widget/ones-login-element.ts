import { countdownText, escapeHtml as html, isFailure } from './widget-dom.js';
import { type OnesLoginDetail, runQrLogin, runUsernameLogin, type WidgetLoginRun } from './widget-logins.js';
import { failureOf, type OnesLoginState } from './widget-outcome.js';
import { widgetQrSvg } from './widget-qr.js';
import { type OnesLoginStrings, stringsFor } from './widget-strings.js';
import { WIDGET_CSS } from './widget-styles.js';

type Tab = 'username' | 'qr';
/** What the widget shows besides its state: the status line, the login's code and deadline, the QR text. */
interface View {
  readonly message: string;
  readonly code?: string;
  readonly deadline?: number;
  readonly qr?: string;
}

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
  #view: View = { message: '' };
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
    this.#render();
  }

  /** Starts a login on the shown tab: by QR code, or by `username` (default: what the user typed). */
  start(username?: string): void {
    const name = username ?? this.#root?.querySelector('input')?.value.trim() ?? '';
    if (this.#tab === 'username' && name === '') return;
    this.stop();
    this.#username = name;
    const run = new AbortController();
    this.#run = run;
    const strings = this.strings;
    const live = (show: () => void) => !run.signal.aborted && show();
    const options: WidgetLoginRun = {
      host: this.getAttribute('host') ?? location.origin,
      basePath: this.getAttribute('base-path') ?? '/api/auth',
      mode: this.getAttribute('mode') === 'tokens' ? 'tokens' : 'session',
      signal: run.signal,
      onStarted: ({ loginCode, expiresIn }, scanned) =>
        live(() =>
          this.#show(scanned ? 'scanned' : 'waiting', {
            message: scanned ? strings.scanned : strings.approve,
            code: loginCode,
            deadline: Date.now() + expiresIn * 1000,
          }),
        ),
      onQrCode: (content, expiresIn) =>
        live(() =>
          this.#show('waiting', {
            message: strings.scan,
            qr: content,
            deadline: Date.now() + expiresIn * 1000,
          }),
        ),
    };
    this.#show('waiting', { message: strings.starting });
    (this.#tab === 'qr' ? runQrLogin(options) : runUsernameLogin(options, name)).then(
      (detail) => live(() => this.#loggedIn(detail)),
      (error: unknown) => live(() => this.#failed(error)),
    );
  }

  /** Stops the login in progress, if any, and shows the start again. */
  stop(): void {
    this.#run?.abort();
    this.#run = undefined;
    if (this.#state !== 'idle') this.#show('idle', { message: '' });
  }

  #loggedIn(detail: OnesLoginDetail): void {
    const { user } = detail as { user?: Record<string, unknown> };
    const name = user?.name ?? user?.preferred_username ?? user?.sub;
    const strings = this.strings;
    this.#show('approved', {
      message: name === undefined ? strings.loggedIn : strings.loggedInAs.replace('{name}', String(name)),
    });
    this.#emit('ones-login', detail);
  }

  #failed(error: unknown): void {
    const { state, message } = failureOf(error, this.strings);
    this.#show(state, { message });
    const { code } = error as { code?: unknown };
    this.#emit('ones-error', { code: typeof code === 'string' ? code : 'ERR_UNKNOWN', state, message });
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
    this.#run?.abort();
    this.#tab = tab;
    this.#state = 'idle';
    this.#view = { message: '' };
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

  #onKey(event: KeyboardEvent): void {
    const tabs = this.#tabs;
    const at = tabs.indexOf(this.#tab);
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1 + tabs.length, Home: 0, End: tabs.length - 1 }[
      event.key
    ];
    if (next === undefined || (event.target as Element).getAttribute('role') !== 'tab') return;
    event.preventDefault();
    this.#select(tabs[next % tabs.length] as Tab);
  }

  #render(): void {
    const root = this.#root;
    if (root === undefined) return;
    const strings = this.strings;
    const state = this.#state;
    const { message, code } = this.#view;
    const tabs = this.#tabs;
    // Focus on a tab stays on the selected tab; focus elsewhere inside goes to the state's control.
    const focused = root.activeElement?.getAttribute('role');
    const [box, title, tablist, status, panel] = root.querySelectorAll<HTMLElement>(
      '.box,h2,[role=tablist],p,#panel',
    );
    if (!box || !title || !tablist || !status || !panel) return;
    box.dataset.state = state;
    title.textContent = strings.title;
    tablist.hidden = tabs.length < 2;
    tablist.innerHTML = tabs
      .map((tab) => {
        const selected = tab === this.#tab;
        return `<button type="button" role="tab" id="tab-${tab}" part="tab" aria-controls="panel" aria-selected="${selected}" tabindex="${selected ? 0 : -1}">${html(tab === 'qr' ? strings.tabQr : strings.tabUsername)}</button>`;
      })
      .join('');
    panel.setAttribute('aria-labelledby', tabs.length < 2 ? 'title' : `tab-${this.#tab}`);
    panel.innerHTML = this.#panelHtml(strings);
    // The status line is the live region: it stays, and only its text changes, so it is announced.
    status.className = isFailure(state) ? 'failed' : '';
    status.textContent = message;
    if (code !== undefined)
      status.insertAdjacentHTML(
        'beforeend',
        `<span class="hidden"> ${html(`${strings.code} ${code}`)}</span>`,
      );
    // Logged in, nothing is left to act on: the focus goes to the message.
    status.toggleAttribute('data-focus', state === 'approved');
    if (state === 'approved') status.tabIndex = -1;
    else status.removeAttribute('tabindex');
    if (focused === 'tab') root.querySelector<HTMLElement>('[aria-selected=true]')?.focus();
    else if (focused !== undefined) root.querySelector<HTMLElement>('[data-focus]')?.focus();
  }

  #panelHtml(strings: OnesLoginStrings): string {
    const state = this.#state;
    const { code, deadline, qr } = this.#view;
    const button = (action: string, primary: boolean, label: string) =>
      `<button type="button" class="${primary ? 'primary' : 'secondary'}" part="button" data-action="${action}" data-focus>${html(label)}</button>`;
    if (state === 'approved') return '';
    if (state === 'idle' && this.#tab === 'qr') return button('start', true, strings.showQr);
    if (state === 'idle') {
      return `<form part="form"><label for="username">${html(strings.usernameLabel)}</label><input id="username" name="username" autocomplete="username" required part="input" data-focus value="${html(this.#username)}"><button class="primary" part="button">${html(strings.submit)}</button></form>`;
    }
    const failed = isFailure(state);
    // after an unknown username, the form comes back to fix it; any other failure asks again
    const again = state === 'unknown-user' ? 'stop' : 'retry';
    return [
      qr !== undefined && state === 'waiting'
        ? `<div class="qr" part="qr">${widgetQrSvg(qr, strings.qrAlt)}</div>`
        : '',
      code === undefined
        ? ''
        : `<p aria-hidden="true">${html(strings.code)} <span class="code" part="code">${html(code)}</span></p>`,
      deadline === undefined
        ? ''
        : `<p class="muted">${html(strings.timeLeft)} <span role="timer" part="countdown">${countdownText(deadline)}</span></p>`,
      failed ? button(again, true, strings.retry) : button('stop', false, strings.cancel),
    ].join('');
  }
}
