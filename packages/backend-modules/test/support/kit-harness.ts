import type { OnesLogEvent } from '../../src/device-authentication/device-authentication-options.js';
import { type OnesLogin, onesLoginOver } from '../../src/login/create-ones-login.js';
import { buildKitServices, type KitServices } from '../../src/login/kit-services.js';
import type { OnesLoginOptions } from '../../src/login/options/ones-login-options.js';
import { resolveSettings } from '../../src/login/options/resolve-settings.js';
import type { LoginStore } from '../../src/login/store/login-store.js';
import { FaultyStore } from './faulty-store.js';
import { ManualClock, settle } from './manual-clock.js';
import { StubIdp } from './stub-idp.js';

export const ORIGIN = 'https://shop.example';
const SECRET = 'a-unit-test-secret-that-is-long-enough-0123';

/** One instance of the kit on a manual clock, against the stub IdP, with what it logged. */
interface KitInstance {
  readonly kit: KitServices;
  readonly login: OnesLogin;
  readonly logs: OnesLogEvent[];
}

/** Instances of the kit that share a clock, a stub IdP and (by default) one in-process store. */
export interface KitHarness extends KitInstance {
  readonly clock: ManualClock;
  readonly idp: StubIdp;
  /** The store the instances share, whose failures the test controls (unless `options.store` was given). */
  readonly store: FaultyStore;
  /** Another instance with the same secret, clock, IdP and store (unless `options.store` says otherwise). */
  instance(options?: Partial<OnesLoginOptions>): KitInstance;
  /** A browser at `address` whose requests go to `login` (the first instance by default). */
  browser(address?: string, login?: Pick<OnesLogin, 'fetch'>): TestBrowser;
}

/** The kit's unit-test bench: the routes, cookies and store rules on a clock the test moves. */
export function kitHarness(options: Partial<OnesLoginOptions> = {}): KitHarness {
  const clock = new ManualClock();
  const idp = new StubIdp();
  const faulty = new FaultyStore(() => clock.now());
  const store: LoginStore = options.store ?? faulty;
  const instance = (more: Partial<OnesLoginOptions> = {}): KitInstance => {
    const logs: OnesLogEvent[] = [];
    const settings = resolveSettings({
      auth: idp.auth,
      secrets: [SECRET],
      origins: [ORIGIN],
      logger: (event) => logs.push(event),
      ...options,
      store,
      ...more,
    });
    const kit = buildKitServices(settings, clock, { timeoutMs: 500, probeMs: 100 });
    return { kit, login: onesLoginOver(kit), logs };
  };
  const first = instance();
  return {
    ...first,
    clock,
    idp,
    store: faulty,
    instance,
    browser: (address = '203.0.113.10', login = first.login) => new TestBrowser(login, address),
  };
}

/** What a test browser got back: status, parsed JSON and headers. */
export interface BrowserAnswer {
  readonly status: number;
  readonly json: Record<string, unknown>;
  readonly headers: Headers;
}

/**
 * A browser on the shop's origin: keeps the cookies the kit sets (deleting expired ones) and sends
 * them back; stamps every POST with the page's `Origin` and JSON type, as the helpers do.
 */
export class TestBrowser {
  readonly cookies = new Map<string, string>();
  readonly #login: Pick<OnesLogin, 'fetch'>;
  readonly address: string;

  constructor(login: Pick<OnesLogin, 'fetch'>, address: string) {
    this.#login = login;
    this.address = address;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** Sends a request to the kit's route `path` (under /api/auth): a POST with `body`, or a GET. */
  async send(
    path: string,
    body?: unknown,
    init: {
      readonly signal?: AbortSignal;
      readonly headers?: Record<string, string>;
      readonly to?: Pick<OnesLogin, 'fetch'>;
    } = {},
  ): Promise<BrowserAnswer> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', this.cookieHeader());
    if (body !== undefined) {
      headers.set('origin', ORIGIN);
      headers.set('content-type', 'application/json');
    }
    const request = new Request(`${ORIGIN}/api/auth${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      ...(init.signal === undefined ? {} : { signal: init.signal }),
    });
    const answer = await (init.to ?? this.#login).fetch(request, { clientAddress: this.address });
    if (answer === null) throw new Error(`${path} is not a route of the kit`);
    for (const line of answer.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (/max-age=0\b/i.test(line)) this.cookies.delete(pair.slice(0, at));
      else this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    const text = await answer.text();
    return { status: answer.status, json: text === '' ? {} : JSON.parse(text), headers: answer.headers };
  }

  /** Starts a CIBA login for `user`; the answer's JSON. */
  async start(user: string, extra: Record<string, unknown> = {}): Promise<BrowserAnswer> {
    return this.send('/oidc/bc-authorize', { userIdentifier: user, ...extra });
  }

  /** Asks once whether the login `id` finished. */
  poll(id: string, init: { readonly signal?: AbortSignal; readonly to?: Pick<OnesLogin, 'fetch'> } = {}) {
    return this.send('/oidc/token', { authRequestId: id }, init);
  }
}

/** Logs `user` in through `browser`: start, approve at the stub IdP, the poll that gets the session. */
export async function logIn(
  harness: KitHarness,
  browser: TestBrowser,
  user = 'alice',
): Promise<BrowserAnswer> {
  const started = await browser.start(user);
  harness.idp.approve(String(started.json.auth_req_id));
  await harness.clock.advance(2000);
  const answer = await browser.poll(String(started.json.auth_req_id));
  if (answer.status !== 200)
    throw new Error(`the login answered ${answer.status} ${JSON.stringify(answer.json)}`);
  await settle();
  return answer;
}
