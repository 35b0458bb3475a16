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
    expect(await focusedInWidget(page)).toBe('Logged in as Alice Example.');
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
    expect(await statusText(page)).toMatch(
      /^Bestätigen Sie die Anmeldung in der OnesID-App auf Ihrem Telefon\. Code [0-9A-Z]{4}$/,
    );
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
    expect((await events(page)).at(-1)?.detail).toMatchObject({ code: 'ERR_HTTP_STATUS', state: 'error' });
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
