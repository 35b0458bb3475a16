import { resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FrameworkShop, startFrameworkShop } from '../../test-support/framework-shop.ts';
import { onThePhone } from '../../test-support/phone.ts';

// The Vue and the Svelte example, each built with its own Vite config, in Debian's Chromium → the
// login kit (session mode) → dev-idp, whose approval page (the phone) is driven in a second tab: the
// element's events reach each framework's handlers, and its attributes are set as the templates say.

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.ONES_CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe.each([
  ['Vue 3', 'widget-vue'],
  ['Svelte 5', 'widget-svelte'],
])('<ones-login> in the %s example', (_framework, folder) => {
  let shop: FrameworkShop;
  beforeAll(async () => {
    shop = await startFrameworkShop(resolve(import.meta.dirname, '../..', folder), folder);
  }, 60_000);
  afterAll(() => shop?.stop());

  it('a username login reaches the component by @ones-login / onones-login; Sign out by ones-logout', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    // a framework that took the element for a component of its own says so as a warning
    page.on('console', (message) => {
      if (message.type() === 'warning') problems.push(message.text());
    });
    await page.goto(shop.url);
    const widget = page.locator('ones-login');
    // the template's attributes, set as written
    expect(await widget.getAttribute('base-path')).toBe('/api/auth');
    expect(await widget.getAttribute('mode')).toBe('session');
    await widget.getByLabel('OnesID username').fill('alice');
    await widget.getByLabel('OnesID username').press('Enter');
    await onThePhone(browser, shop.idp, 'Approve login for alice');
    await page.getByText('Welcome, Alice Example.').waitFor({ timeout: 15_000 });
    await widget.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('Welcome, Alice Example.').waitFor({ state: 'detached', timeout: 10_000 });
    // the app's own handler for ones-error never fired, and the framework warned of nothing
    expect(await page.getByRole('status').filter({ hasText: 'did not work' }).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('an error from the kit reaches the component by @ones-error / onones-error, with its code', async () => {
    const page = await browser.newPage();
    await page.goto(shop.url.replace('127.0.0.1', 'localhost')); // an origin the kit does not allow
    const widget = page.locator('ones-login');
    await widget.getByLabel('OnesID username').fill('alice');
    await widget.getByLabel('OnesID username').press('Enter');
    await page.getByText('The login did not work (ERR_LOGIN_ORIGIN_REFUSED).').waitFor({ timeout: 10_000 });
    await page.close();
  });
});
