import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onThePhone } from '../../test-support/phone.ts';
import {
  checkAndPicture,
  events,
  focusedInWidget,
  launchChromium,
  openShop,
  reaches,
  readWidgetQrCode,
  startWidgetShop,
  statusText,
  type WidgetShop,
  widgetBundle,
} from './widget-shop.ts';

// The plain-HTML page (one <script type="module">) with <ones-login> in Debian's Chromium → the login
// kit on node:http → @ones.dev/backend-modules → dev-idp, whose approval page (the phone) is driven
// in a second tab. Each state is checked with axe-core in light and dark, and pictured for the docs.

let bundle: string;
let browser: Browser;

beforeAll(async () => {
  bundle = await widgetBundle();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe('<ones-login> in a plain HTML page (session mode)', () => {
  let shop: WidgetShop;
  beforeAll(async () => {
    // more logins per user than the default 3 in 5 minutes: these tests log alice in again and again
    shop = await startWidgetShop(
      bundle,
      {},
      {
        rateLimits: { loginStartsPerUserAndAddress: { max: 20, windowSeconds: 300 } },
      },
    );
  }, 60_000);
  afterAll(() => shop?.stop());

  it('keyboard only: a username login shows its code and a countdown at once, then the user', async () => {
    const page = await openShop(browser, shop);
    await reaches(page, 'idle');
    await checkAndPicture(page, 'idle');
    await page.keyboard.press('Tab'); // the selected tab
    expect(await focusedInWidget(page)).toBe('Username');
    await page.keyboard.press('Tab'); // into the panel: the username field
    await page.keyboard.type('alice');
    await page.keyboard.press('Enter');
    await reaches(page, 'waiting');
    const code = page.locator('ones-login').locator('[part=code]');
    await code.waitFor();
    expect(await code.textContent()).toBe(
      shop.idp.pendingLogins().find((login) => login.user.username === 'alice')?.loginCode,
    );
    expect(await statusText(page)).toContain(
      `Approve the login in the OnesID app on your phone. Code ${await code.textContent()}`,
    );
    const timer = page.locator('ones-login').getByRole('timer');
    const first = await timer.textContent();
    expect(first).toMatch(/^[0-9]+:[0-5][0-9]$/);
    await expect.poll(() => timer.textContent(), { timeout: 3_000 }).not.toBe(first); // it counts down
    expect(await focusedInWidget(page)).toBe('Cancel');
    await checkAndPicture(page, 'waiting');
    await onThePhone(browser, shop.idp, 'Approve login for alice');
    await reaches(page, 'approved');
    expect(await statusText(page)).toBe('Logged in as Alice Example.');
    // nothing left to choose: no tabs; the focus goes to what there is to do, signing out
    expect(await focusedInWidget(page)).toBe('Sign out');
    expect(await page.locator('ones-login').getByRole('tablist').isVisible()).toBe(false);
    const [login] = await events(page);
    expect(login?.type).toBe('ones-login');
    expect(login?.detail).toMatchObject({ mode: 'session', user: { sub: 'user-alice' } });
    expect(JSON.stringify(login?.detail)).not.toMatch(/access_token|id_token|refresh_token/);
    expect(await page.locator('#welcome').textContent()).toBe('Welcome, Alice Example!');
    await checkAndPicture(page, 'approved');
    await page.close();
  });

  it('QR code: arrow keys move along the tabs, Enter selects; the phone scans as bob, then approves', async () => {
    const page = await openShop(browser, shop);
    const qrSessions: string[] = [];
    page.on('request', (request) => request.url().endsWith('/qr/make') && qrSessions.push(request.url()));
    await page.locator('ones-login').getByRole('tab', { name: 'Username' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await focusedInWidget(page)).toBe('QR code');
    // passing over a tab costs the server nothing: a QR session starts only when the tab is selected
    await page.waitForTimeout(300);
    expect(qrSessions).toEqual([]);
    expect(await page.locator('ones-login').getByRole('tab', { selected: true }).textContent()).toBe(
      'Username',
    );
    const made = page.waitForResponse((response) => response.url().endsWith('/api/auth/qr/make'));
    await page.keyboard.press('Enter');
    const { sessionId } = (await (await made).json()) as { sessionId: string };
    expect(await focusedInWidget(page)).toBe('QR code');
    expect(qrSessions).toHaveLength(1);
    const picture = page.locator('ones-login').getByRole('img');
    await picture.waitFor({ timeout: 10_000 });
    expect(await picture.getAttribute('aria-label')).toBe(
      'QR code to log in with the OnesID app on your phone.',
    );
    expect(await statusText(page)).toBe('Scan the QR code with the OnesID app.');
    // what a phone's camera reads: the QR session the kit made
    expect(JSON.parse((await readWidgetQrCode(page)) ?? '{}')).toMatchObject({ sessionId });
    await checkAndPicture(page, 'qr');
    await onThePhone(browser, shop.idp, 'Scan as user', (phone) =>
      phone.getByLabel('User').first().selectOption('bob'),
    );
    await reaches(page, 'scanned');
    expect(await statusText(page)).toMatch(
      /^Scanned\. Approve the login in the OnesID app\. Code [0-9A-Z]{4}$/,
    );
    await checkAndPicture(page, 'scanned');
    await onThePhone(browser, shop.idp, 'Approve login for bob');
    await reaches(page, 'approved');
    expect((await events(page))[0]?.detail).toMatchObject({ user: { sub: 'user-bob' } });
    await page.close();
  });

  it('a denial says so, puts the focus on the retry, reports the code; the retry asks the phone again', async () => {
    const page = await openShop(browser, shop);
    await page.locator('ones-login').getByLabel('OnesID username').fill('bob');
    await page.locator('ones-login').getByRole('button', { name: 'Log in' }).click();
    await reaches(page, 'waiting');
    await page.locator('ones-login').locator('[part=code]').waitFor();
    const firstCode = await page.locator('ones-login').locator('[part=code]').textContent();
    await onThePhone(browser, shop.idp, 'Deny');
    await reaches(page, 'denied');
    expect(await statusText(page)).toBe('You declined the login on your phone.');
    expect(await focusedInWidget(page)).toBe('Try again');
    expect(await events(page)).toEqual([
      {
        type: 'ones-error',
        detail: {
          code: 'ERR_OAUTH_ACCESS_DENIED',
          state: 'denied',
          message: 'You declined the login on your phone.',
        },
      },
    ]);
    await checkAndPicture(page, 'denied');
    await page.keyboard.press('Enter');
    await reaches(page, 'waiting');
    await expect
      .poll(() => page.locator('ones-login').locator('[part=code]').textContent(), { timeout: 10_000 })
      .toMatch(/^[0-9A-Z]{4}$/);
    expect(shop.idp.pendingLogins().filter((login) => login.user.username === 'bob')).toHaveLength(1);
    expect(await page.locator('ones-login').locator('[part=code]').textContent()).not.toBe(firstCode);
    await page.close();
  });

  it('a network failure says so; the retry works once the network is back', async () => {
    const page = await openShop(browser, shop);
    await page.route('**/api/auth/**', (route) => route.abort('connectionrefused'));
    await page.locator('ones-login').getByLabel('OnesID username').fill('alice');
    await page.locator('ones-login').getByLabel('OnesID username').press('Enter');
    await reaches(page, 'network-error');
    expect(await statusText(page)).toBe('The login service cannot be reached. Check your connection.');
    expect((await events(page))[0]?.detail).toMatchObject({
      code: 'ERR_HTTP_NETWORK',
      state: 'network-error',
    });
    await checkAndPicture(page, 'network-error');
    await page.unroute('**/api/auth/**');
    await page.locator('ones-login').getByRole('button', { name: 'Try again' }).click();
    await reaches(page, 'waiting');
    await page.locator('ones-login').locator('[part=code]').waitFor({ timeout: 10_000 });
    await page.close();
  });

  it('taken off the page, it stops polling', async () => {
    const page = await openShop(browser, shop);
    const polls: number[] = [];
    page.on('request', (request) => request.url().endsWith('/oidc/token') && polls.push(Date.now()));
    await page.locator('ones-login').getByLabel('OnesID username').fill('alice');
    await page.locator('ones-login').getByLabel('OnesID username').press('Enter');
    await expect.poll(() => polls.length, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.locator('ones-login').evaluate((widget) => widget.remove());
    const removedAt = Date.now();
    await page.waitForTimeout(2_500); // more than two intervals
    expect(polls.filter((at) => at > removedAt + 100)).toEqual([]);
    await page.close();
  });

  it('a re-render keeps what the user typed; a locale change mid-login changes the status line too', async () => {
    const page = await openShop(browser, shop);
    const field = page.locator('ones-login').getByLabel('OnesID username');
    await field.fill('ali');
    // as React does with an inline object: a new but equal `strings` at every render
    await page.locator('ones-login').evaluate((widget) => {
      (widget as unknown as { strings: object }).strings = { submit: 'Log in' };
    });
    expect(await field.inputValue()).toBe('ali');
    await field.press('End');
    await page.keyboard.type('ce');
    expect(await field.inputValue()).toBe('alice');
    await page.keyboard.press('Enter');
    await expect.poll(() => statusText(page), { timeout: 10_000 }).toMatch(/^Approve the login/);
    await page.locator('ones-login').evaluate((widget) => widget.setAttribute('locale', 'de'));
    expect(await statusText(page)).toMatch(/^Anmeldung in der OnesID-App bestätigen\. Code [0-9A-Z]{4}$/);
    expect(await page.locator('ones-login').getByRole('button', { name: 'Abbrechen' }).isVisible()).toBe(
      true,
    );
    await page.close();
  });

  it('with tabs="qr" only: the QR code at once, no tab list, still accessible', async () => {
    const page = await openShop(browser, shop);
    await page.evaluate(() => {
      const widget = document.createElement('ones-login');
      widget.setAttribute('tabs', 'qr');
      document.querySelector('ones-login')?.replaceWith(widget);
    });
    await page
      .locator('ones-login')
      .getByRole('img', { name: /^QR code to log in/ })
      .waitFor({ timeout: 10_000 });
    expect(await page.locator('ones-login').getByRole('tab').count()).toBe(0);
    const { violations } = await new AxeBuilder({ page }).include('ones-login').analyze();
    expect(violations.map((violation) => violation.id)).toEqual([]);
    await page.close();
  });

  it('speaks German with locale="de", and takes other strings', async () => {
    const page = await openShop(browser, shop);
    await page.locator('ones-login').evaluate((widget) => widget.setAttribute('locale', 'de'));
    expect(await page.locator('ones-login').getByRole('tab').allTextContents()).toEqual([
      'Benutzername',
      'QR-Code',
    ]);
    expect(await page.locator('ones-login').getByLabel('OnesID-Benutzername').isVisible()).toBe(true);
    await checkAndPicture(page, 'idle-de');
    await page.locator('ones-login').evaluate((widget) => {
      (widget as unknown as { strings: object }).strings = { submit: 'Entrer' };
    });
    expect(await page.locator('ones-login').getByRole('button', { name: 'Entrer' }).isVisible()).toBe(true);
    await page.close();
  });

  it('a reload starts logged in; Sign out ends the session at the kit and brings the form back', async () => {
    const page = await openShop(browser, shop);
    const input = page.locator('ones-login').getByLabel('OnesID username');
    await input.fill('alice');
    await input.press('Enter');
    await reaches(page, 'waiting');
    // this login's own item on the phone: earlier tests left logins of alice waiting there
    const code = await page.locator('ones-login').locator('[part=code]').textContent();
    const phone = await browser.newPage();
    await phone.goto(shop.idp.approvalUrl);
    await phone
      .locator(`li.login:has([data-login-code="${code}"])`)
      .getByRole('button', { name: 'Approve login for alice' })
      .click();
    await phone.close();
    await reaches(page, 'approved');
    await page.reload();
    await reaches(page, 'approved');
    expect(await statusText(page)).toBe('Logged in as Alice Example.');
    expect(await page.locator('#welcome').textContent()).toBe('Welcome, Alice Example!');
    expect((await events(page)).map((event) => event.type)).toEqual(['ones-login']);
    expect(await page.locator('ones-login').getByRole('tablist').isVisible()).toBe(false);
    await page.locator('ones-login').getByRole('button', { name: 'Sign out' }).click();
    await reaches(page, 'idle');
    expect((await events(page)).map((event) => event.type)).toEqual(['ones-login', 'ones-logout']);
    expect(await page.locator('#welcome').isVisible()).toBe(false);
    expect(await page.locator('ones-login').getByRole('tab', { name: 'Username' }).isVisible()).toBe(true);
    expect(await page.evaluate(async () => (await fetch('/api/auth/session')).status)).toBe(401);
    // and a reload now stays logged out
    await page.reload();
    await page.waitForResponse((response) => response.url().endsWith('/api/auth/session'));
    await reaches(page, 'idle');
    expect(await events(page)).toEqual([]);
    await page.close();
  });

  it("checks the username in the widget's own words, and sends nothing until it passes", async () => {
    const page = await openShop(browser, shop);
    const starts: string[] = [];
    page.on(
      'request',
      (request) => request.url().endsWith('/oidc/bc-authorize') && starts.push(request.url()),
    );
    const input = page.locator('ones-login').getByLabel('OnesID username');
    expect(await input.evaluate((field) => (field as HTMLInputElement).form?.noValidate)).toBe(true);
    await page.locator('ones-login').getByRole('button', { name: 'Log in' }).click();
    expect(await statusText(page)).toBe('Enter your OnesID username.');
    expect(await input.getAttribute('aria-invalid')).toBe('true');
    expect(await focusedInWidget(page)).toBe('INPUT');
    await input.fill('not a user!!');
    await input.press('Enter');
    expect(await statusText(page)).toBe('Use only letters, digits and . _ - @ +.');
    expect(await input.inputValue()).toBe('not a user!!');
    await checkAndPicture(page, 'invalid');
    expect(starts).toEqual([]);
    await input.fill('alice');
    await input.press('Enter');
    await reaches(page, 'waiting');
    expect(starts).toHaveLength(1);
    const bar = page.locator('ones-login').locator('progress');
    expect(Number(await bar.getAttribute('max'))).toBeGreaterThanOrEqual(110);
    expect(await bar.evaluate((progress) => (progress as HTMLProgressElement).value)).toBeLessThanOrEqual(
      120,
    );
    await page.close();
  });

  it('with unknown users hidden, a wait of 20 s without an answer suggests checking the username', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(shop.url);
    const input = page.locator('ones-login').getByLabel('OnesID username');
    await input.fill('nobody-known-here');
    await input.press('Enter');
    await reaches(page, 'waiting');
    await page.locator('ones-login').locator('[part=code]').waitFor(); // the phone was asked
    const note = page.locator('ones-login').locator('[part=note]');
    expect(await note.count()).toBe(0);
    await page.clock.fastForward('00:21');
    await note.waitFor({ timeout: 5_000 });
    expect(await note.textContent()).toBe('No request on your phone? Check the username.');
    await checkAndPicture(page, 'check-username');
    await context.close();
  });

  it('a page on another loopback origin hears why in small print; the server names the origins it allows', async () => {
    const url = shop.url.replace('127.0.0.1', 'localhost');
    const page = await openShop(browser, { ...shop, url });
    const input = page.locator('ones-login').getByLabel('OnesID username');
    await input.fill('alice');
    await input.press('Enter');
    await reaches(page, 'error');
    expect(await statusText(page)).toBe("This site's login is not set up for this page.");
    expect(await page.locator('ones-login').locator('[part=hint]').textContent()).toBe(
      `origin ${url} is not in \`origins\``,
    );
    expect((await events(page)).at(-1)?.detail).toMatchObject({
      code: 'ERR_LOGIN_ORIGIN_REFUSED',
      state: 'error',
    });
    await checkAndPicture(page, 'setup-error');
    await page.close();
  });

  it('Cancel tells the kit, which forgets the login (its status is 404 from then on) and withdraws it from the phone', async () => {
    const page = await openShop(browser, shop);
    const started = page.waitForResponse((response) => response.url().endsWith('/oidc/bc-authorize'));
    const input = page.locator('ones-login').getByLabel('OnesID username');
    await input.fill('alice');
    await input.press('Enter');
    const { auth_req_id: id } = (await (await started).json()) as { auth_req_id: string };
    await page.locator('ones-login').locator('[part=code]').waitFor();
    const cancelled = page.waitForResponse((response) => response.url().endsWith('/api/auth/cancel'));
    await page.locator('ones-login').getByRole('button', { name: 'Cancel' }).click();
    expect(await (await cancelled).json()).toEqual({ cancelled: true, atOnesId: true });
    await reaches(page, 'idle');
    expect(shop.idp.pendingLogins().map((login) => login.authReqId)).not.toContain(id);
    expect(await (await fetch(shop.idp.approvalUrl)).text()).not.toContain(id);
    const status = await page.evaluate(
      async (authRequestId) =>
        (
          await fetch('/api/auth/oidc/token', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ authRequestId }),
          })
        ).status,
      id,
    );
    expect(status).toBe(404);
    await page.close();
  });

  it('shows a brand in its header slot', async () => {
    const page = await openShop(browser, shop);
    await page.locator('ones-login').evaluate((widget) => {
      const brand = document.createElement('span');
      brand.slot = 'brand';
      brand.textContent = 'Shop';
      widget.append(brand);
    });
    const assigned = await page.evaluate(() =>
      (
        document
          .querySelector('ones-login')
          ?.shadowRoot?.querySelector('slot[name=brand]') as HTMLSlotElement | null
      )
        ?.assignedElements()
        .map((element) => element.textContent),
    );
    expect(assigned).toEqual(['Shop']);
    await checkAndPicture(page, 'brand');
    await page.close();
  });
});

describe('<ones-login> QR codes: refreshed by themselves, and a link for the phone the page is on', () => {
  let shop: WidgetShop;
  beforeAll(async () => {
    // QR codes that last 12 s: the widget replaces each 10 s before it expires
    shop = await startWidgetShop(bundle, { qrSessionExpiresInSeconds: 12 });
  }, 60_000);
  afterAll(() => shop?.stop());

  it('replaces an expiring QR code three times, then waits for the user to ask again', async () => {
    const page = await openShop(browser, shop);
    await page.locator('ones-login').getByRole('tab', { name: 'QR code' }).click();
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const content = await readWidgetQrCode(page).catch(() => undefined);
          if (content !== undefined) seen.add(String(JSON.parse(content).sessionId));
          return seen.size;
        },
        { timeout: 20_000, interval: 250 },
      )
      .toBe(4);
    await reaches(page, 'idle', 20_000);
    expect(await statusText(page)).toBe('The QR code expired.');
    await checkAndPicture(page, 'qr-paused');
    await page.locator('ones-login').getByRole('button', { name: 'Show QR code' }).click();
    await reaches(page, 'waiting');
    await page.locator('ones-login').getByRole('img').waitFor();
    await page.close();
  });
});

describe('<ones-login app-link> on a phone', () => {
  let shop: WidgetShop;
  beforeAll(async () => {
    shop = await startWidgetShop(bundle);
  }, 60_000);
  afterAll(() => shop?.stop());

  it('offers "Open the OnesID app" on a phone-sized screen; dev-idp plays the app for the link', async () => {
    const page = await openShop(browser, shop);
    await page
      .locator('ones-login')
      .evaluate(
        (widget, template) => widget.setAttribute('app-link', template),
        `${shop.idp.approvalUrl}/app?qr={qr}`,
      );
    await page.locator('ones-login').getByRole('tab', { name: 'QR code' }).click();
    await page.locator('ones-login').getByRole('img').waitFor();
    const link = page.locator('ones-login').getByRole('link', { name: 'Open the OnesID app' });
    // on a desktop the QR code is for the phone: no link
    expect(await link.isVisible()).toBe(false);
    await checkAndPicture(page, 'qr-app-link');
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await link.isVisible()).toBe(true);
    const content = (await readWidgetQrCode(page)) ?? '';
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toBe(`${shop.idp.approvalUrl}/app?qr=${encodeURIComponent(content)}`);
    const before = (await page.locator('ones-login').getByRole('timer').textContent()) ?? '';
    // the phone opens the link: the app (dev-idp's page) offers this QR code only
    const phone = await browser.newPage();
    await phone.goto(href);
    await phone.getByLabel('User').selectOption('alice');
    await phone.getByRole('button', { name: 'Scan as user' }).click();
    await reaches(page, 'scanned');
    // the scan goes on with the same countdown (it never jumps back to 2:00)
    const after = (await page.locator('ones-login').getByRole('timer').textContent()) ?? '';
    const seconds = (time: string) => Number(time.split(':')[0]) * 60 + Number(time.split(':')[1]);
    expect(seconds(after)).toBeLessThanOrEqual(seconds(before));
    await phone.getByRole('button', { name: 'Approve login for alice' }).first().click({ timeout: 15_000 });
    await reaches(page, 'approved');
    expect((await events(page))[0]?.detail).toMatchObject({ user: { sub: 'user-alice' } });
    await phone.close();
    await page.close();
  });
});

describe('<ones-login> when nobody answers on the phone', () => {
  let shop: WidgetShop;
  beforeAll(async () => {
    shop = await startWidgetShop(bundle, {}, {}, { requestedExpiry: 4 });
  }, 60_000);
  afterAll(() => shop?.stop());

  it('counts down to the end, says the login expired, and offers a retry', async () => {
    const page = await openShop(browser, shop);
    await page.locator('ones-login').getByLabel('OnesID username').fill('alice');
    await page.locator('ones-login').getByLabel('OnesID username').press('Enter');
    await expect
      .poll(() => page.locator('ones-login').getByRole('timer').textContent(), { timeout: 10_000 })
      .toMatch(/^0:0[0-4]$/);
    await reaches(page, 'expired', 15_000);
    expect(await statusText(page)).toBe('The login expired before it was approved.');
    expect(await focusedInWidget(page)).toBe('Try again');
    expect((await events(page))[0]?.detail).toMatchObject({ state: 'expired' });
    await checkAndPicture(page, 'expired');
    await page.close();
  });
});

describe('<ones-login mode="tokens"> on the vendor routes, unknown users not hidden', () => {
  let shop: WidgetShop;
  beforeAll(async () => {
    shop = await startWidgetShop(bundle, {}, { mode: 'tokens', hideUnknownUsers: false });
  }, 60_000);
  afterAll(() => shop?.stop());

  it('an unknown username says so; the retry brings the form back with the name to fix', async () => {
    const page = await openShop(browser, shop);
    await page.locator('ones-login').evaluate((widget) => widget.setAttribute('mode', 'tokens'));
    await page.locator('ones-login').getByLabel('OnesID username').fill('nobody-here');
    await page.locator('ones-login').getByLabel('OnesID username').press('Enter');
    await reaches(page, 'unknown-user');
    expect(await statusText(page)).toBe('No OnesID user has that username.');
    expect((await events(page))[0]?.detail).toMatchObject({ code: 'ERR_OAUTH_UNKNOWN_USER_ID' });
    await checkAndPicture(page, 'unknown-user');
    await page.locator('ones-login').getByRole('button', { name: 'Try again' }).click();
    await reaches(page, 'idle');
    expect(await page.locator('ones-login').getByLabel('OnesID username').inputValue()).toBe('nobody-here');
    expect(await focusedInWidget(page)).toBe('INPUT');
    await page.close();
  });

  it('past the kit rate limit (3 starts per user in 5 minutes), it says to wait', async () => {
    const page = await openShop(browser, shop);
    await page.locator('ones-login').evaluate((widget) => widget.setAttribute('mode', 'tokens'));
    for (let start = 1; start <= 4; start += 1) {
      await page
        .locator('ones-login')
        .evaluate((widget) => (widget as unknown as { start(name: string): void }).start('mallory'));
      await expect
        .poll(() => page.locator('ones-login').evaluate((widget) => (widget as { state?: string }).state), {
          timeout: 10_000,
        })
        .toBe(start <= 3 ? 'unknown-user' : 'error');
    }
    expect(await statusText(page)).toBe('Too many login attempts. Please wait a minute.');
    expect((await events(page)).at(-1)?.detail).toMatchObject({
      code: 'ERR_LOGIN_RATE_LIMITED',
      state: 'error',
    });
    await page.close();
  });

  it('a login hands the tokens to the page', async () => {
    const page = await openShop(browser, shop);
    await page.locator('ones-login').evaluate((widget) => widget.setAttribute('mode', 'tokens'));
    await page.locator('ones-login').getByLabel('OnesID username').fill('alice');
    await page.locator('ones-login').getByLabel('OnesID username').press('Enter');
    await reaches(page, 'waiting');
    await onThePhone(browser, shop.idp, 'Approve login for alice');
    await reaches(page, 'approved');
    const [login] = await events(page);
    expect(login?.detail).toMatchObject({ mode: 'tokens', tokens: { token_type: 'Bearer' } });
    expect(login?.detail.tokens).toHaveProperty('access_token', expect.any(String));
    expect(await statusText(page)).toBe('Logged in.');
    await page.close();
  });
});
