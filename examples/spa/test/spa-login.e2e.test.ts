import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer, request as forward, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DevIdp, type StartDevIdpOptions, startDevIdp } from '@ones.dev/dev-idp';
import express from 'express';
import { createShopApp } from 'ones-example-express/shop-app';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOURCE_ALIASES } from '../../../scripts/source-aliases.mjs';
import { backendFor } from '../../test-support/backend-for.ts';
import { onThePhone } from '../../test-support/phone.ts';
import { shopLogin } from '../../test-support/shop-login.ts';

// The SPA, built with Vite, in Debian's Chromium → the Express example (the login kit in session
// mode) → @ones.dev/backend-modules → dev-idp (a real OpenID provider), whose approval page (the
// "phone") is driven in a second tab.
const ARTIFACTS = resolve(import.meta.dirname, '../../../test-artifacts/spa');

/** dev-idp, the Express example's routes and the built SPA on one origin, as a customer deploys them. */
interface Shop {
  readonly idp: DevIdp;
  readonly url: string;
  stop(): Promise<void>;
}

/** Listens on a free loopback port; answers with the server and its origin. */
async function listen(server: Server): Promise<string> {
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * The shop: dev-idp, then `instances` copies of the Express example (each its own kit, sharing only
 * the cookie secret) and the built SPA. With two or more, a round-robin proxy in front sends each
 * request to the next instance, as a load balancer without sticky sessions would.
 */
async function startShop(
  spaFolder: string,
  idpOptions: StartDevIdpOptions,
  backendOptions: { readonly requestedExpiry?: number } = {},
  instances = 1,
): Promise<Shop & { readonly served: number[] }> {
  const idp = await startDevIdp({ cibaIntervalSeconds: 1, ...idpOptions });
  const front = createServer();
  const url = await listen(front);
  const auth = await backendFor(idp, 'spa-e2e', 'Log in to Shop', backendOptions);
  const backends: { server: Server; url: string }[] = [];
  for (let index = 0; index < instances; index += 1) {
    const server = createServer(createShopApp(shopLogin(auth, url)).use(express.static(spaFolder)));
    backends.push({ server, url: await listen(server) });
  }
  const served = backends.map(() => 0);
  let next = 0;
  front.on('request', (incoming, outgoing) => {
    const index = next++ % backends.length;
    served[index] = (served[index] ?? 0) + 1;
    const target = new URL(incoming.url ?? '/', backends[index]?.url);
    const proxied = forward(target, { method: incoming.method, headers: incoming.headers }, (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    });
    incoming.pipe(proxied);
  });
  return {
    idp,
    url,
    served,
    stop: async () => {
      front.closeAllConnections();
      for (const server of [front, ...backends.map((backend) => backend.server)]) {
        server.closeAllConnections();
        await new Promise((done) => server.close(done));
      }
      await idp.stop();
    },
  };
}

let spaFolder: string;
let chromiumBrowser: Browser;

beforeAll(async () => {
  spaFolder = mkdtempSync(join(tmpdir(), 'ones-spa-'));
  await build({
    root: resolve(import.meta.dirname, '..'),
    logLevel: 'error',
    resolve: { alias: SOURCE_ALIASES }, // the SPA bundles @ones.dev/common from source, as the tests do
    build: { outDir: spaFolder, emptyOutDir: true },
  });
  chromiumBrowser = await chromium.launch({
    executablePath: process.env.ONES_CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
    ],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 60_000);

afterAll(async () => {
  await chromiumBrowser?.close();
});

/** A new tab on the shop that asks to log in as `username` by CIBA, through the widget. */
async function startUsernameLogin(shop: Shop, username: string): Promise<Page> {
  const page = await chromiumBrowser.newPage();
  await page.goto(shop.url);
  await page.getByLabel('OnesID username').fill(username);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  return page;
}

/** A new tab on the shop that shows a login QR code (the widget's QR tab). */
async function showQrCode(shop: Shop): Promise<Page> {
  const page = await chromiumBrowser.newPage();
  await page.goto(shop.url);
  await page.getByRole('tab', { name: 'QR code' }).click();
  await page.getByRole('img', { name: /^QR code to log in/ }).waitFor({ timeout: 10_000 });
  return page;
}

/** The widget's status line (what a screen reader announces). */
const status = (page: Page) => page.locator('ones-login').getByRole('status').textContent();

describe('the SPA (React 19 with <ones-login>) in Chromium', () => {
  let shop: Shop;
  beforeAll(async () => {
    shop = await startShop(spaFolder, {});
  }, 60_000);
  afterAll(() => shop?.stop());

  it('logs in by username: the code, then the validated claims, focus on the result; a reload keeps the session; logout ends it', async () => {
    const page = await startUsernameLogin(shop, 'alice');
    await expect
      .poll(() => status(page), { timeout: 10_000 })
      .toMatch(/^Approve the login .* Code [0-9A-Z]{4}$/);
    await page.screenshot({ path: join(ARTIFACTS, 'ciba-waiting.png') });
    // the page and the phone show the same code for this login
    const shown = await page.locator('ones-login').locator('[part=code]').textContent();
    expect(shown).toBe(shop.idp.pendingLogins().find((login) => login.user.username === 'alice')?.loginCode);
    await onThePhone(chromiumBrowser, shop.idp, 'Approve login for alice', async (phone) => {
      expect(await phone.locator('[data-login-code]').first().textContent()).toContain(`Code ${shown}`);
    });
    const heading = page.getByRole('heading', { name: 'Logged in as Alice Example' });
    await heading.waitFor({ timeout: 15_000 });
    expect(await page.locator('#claims').textContent()).toContain('user-alice');
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    await page.screenshot({ path: join(ARTIFACTS, 'logged-in.png') });
    await page.reload();
    await heading.waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByLabel('OnesID username').waitFor({ timeout: 10_000 });
    await page.reload();
    await page.getByLabel('OnesID username').waitFor({ timeout: 10_000 });
    expect(await page.locator('#claims').count()).toBe(0);
    await page.close();
  });

  it('logs in by QR code: the phone scans it as bob and approves', async () => {
    const page = await showQrCode(shop);
    await page.screenshot({ path: join(ARTIFACTS, 'qr-code.png') });
    await onThePhone(chromiumBrowser, shop.idp, 'Scan as user', (phone) =>
      phone
        .getByLabel('User')
        .first()
        .selectOption('bob')
        .then(() => undefined),
    );
    await expect.poll(() => status(page), { timeout: 10_000 }).toContain('Scanned');
    await onThePhone(chromiumBrowser, shop.idp, 'Approve login for bob');
    await page.getByRole('heading', { name: 'Logged in as Bob Sample' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#claims').textContent()).toContain('user-bob');
    await page.close();
  });

  it('a denial says so and offers a retry', async () => {
    const page = await startUsernameLogin(shop, 'bob');
    await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(/Code [0-9A-Z]{4}$/);
    await onThePhone(chromiumBrowser, shop.idp, 'Deny');
    await expect.poll(() => status(page), { timeout: 15_000 }).toBe('You declined the login on your phone.');
    expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'denied.png') });
    await page.close();
  });
});

describe('the SPA in Chromium behind a round-robin proxy in front of two kit instances', () => {
  // Nothing but the cookie secret is shared: no sticky sessions, no shared memory. Every request
  // goes to the other instance than the one before.
  let shop: Awaited<ReturnType<typeof startShop>>;
  beforeAll(async () => {
    shop = await startShop(spaFolder, {}, {}, 2);
  }, 60_000);
  afterAll(() => shop?.stop());

  it('a CIBA login and a QR login complete, each instance serving half the requests', async () => {
    const ciba = await startUsernameLogin(shop, 'alice');
    await expect.poll(() => status(ciba), { timeout: 10_000 }).toMatch(/Code [0-9A-Z]{4}$/);
    await onThePhone(chromiumBrowser, shop.idp, 'Approve login for alice');
    await ciba.getByRole('heading', { name: /^Logged in as/ }).waitFor({ timeout: 15_000 });
    expect(await ciba.locator('#claims').textContent()).toContain('user-alice');

    const qrPage = await showQrCode(shop);
    await onThePhone(chromiumBrowser, shop.idp, 'Scan as user', (phone) =>
      phone
        .getByLabel('User')
        .first()
        .selectOption('bob')
        .then(() => undefined),
    );
    await expect.poll(() => status(qrPage), { timeout: 10_000 }).toContain('Scanned');
    await onThePhone(chromiumBrowser, shop.idp, 'Approve login for bob');
    await qrPage.getByRole('heading', { name: /^Logged in as/ }).waitFor({ timeout: 15_000 });
    expect(await qrPage.locator('#claims').textContent()).toContain('user-bob');

    // a reload asks GET /session of whichever instance comes next: still logged in
    await qrPage.reload();
    await qrPage.getByRole('heading', { name: /^Logged in as/ }).waitFor({ timeout: 10_000 });
    const [first = 0, second = 0] = shop.served;
    expect(first + second).toBeGreaterThan(10);
    expect(Math.abs(first - second)).toBeLessThanOrEqual(1);
    await ciba.close();
    await qrPage.close();
  });
});

describe('the SPA in Chromium when nobody answers on the phone', () => {
  // Logins that expire in seconds: the backend asks for requested_expiry 5 (oidc-provider honours it),
  // dev-idp's QR sessions live 3 s.
  let shop: Shop;
  beforeAll(async () => {
    shop = await startShop(spaFolder, { qrSessionExpiresInSeconds: 3 }, { requestedExpiry: 5 });
  }, 60_000);
  afterAll(() => shop?.stop());

  /** The approval page's buttons, as the phone sees them now. */
  async function phoneButtons(): Promise<string[]> {
    const phone = await chromiumBrowser.newPage();
    await phone.goto(shop.idp.approvalUrl);
    const names = await phone.getByRole('button').allTextContents();
    await phone.close();
    return names.map((name) => name.trim());
  }

  /** What has the focus inside the widget. */
  const focusedInWidget = (page: Page) =>
    page.evaluate(() => document.querySelector('ones-login')?.shadowRoot?.activeElement?.textContent);

  it('a username login that expires says so, offers a retry, and the phone no longer offers it', async () => {
    const page = await startUsernameLogin(shop, 'alice');
    await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(/Code [0-9A-Z]{4}$/);
    expect(await page.locator('ones-login').getByRole('timer').textContent()).toMatch(/^0:0[0-5]$/);
    expect(await phoneButtons()).toContain('Approve login for alice');
    await expect
      .poll(() => status(page), { timeout: 15_000 })
      .toBe('The login expired before it was approved.');
    expect(await focusedInWidget(page)).toBe('Try again');
    await page.screenshot({ path: join(ARTIFACTS, 'ciba-expired.png') });
    // dev-idp's phone list and its provider keep separate clocks: within a moment, the login is gone
    await expect.poll(phoneButtons, { timeout: 3_000 }).not.toContain('Approve login for alice');
    // The retry asks the phone again, for the same user.
    await page.keyboard.press('Enter');
    await expect.poll(() => status(page), { timeout: 10_000 }).toMatch(/Code [0-9A-Z]{4}$/);
    await expect.poll(phoneButtons, { timeout: 3_000 }).toContain('Approve login for alice');
    await page.close();
  });

  it('a QR code nobody scans is replaced three times, then goes away and the message says so', async () => {
    const page = await showQrCode(shop);
    await expect.poll(() => status(page), { timeout: 20_000 }).toBe('The QR code expired.');
    expect(await page.getByRole('img', { name: /^QR code to log in/ }).count()).toBe(0);
    expect(await page.locator('ones-login').getByRole('button', { name: 'Show QR code' }).isVisible()).toBe(
      true,
    );
    await page.screenshot({ path: join(ARTIFACTS, 'qr-expired.png') });
    await page.close();
  });
});
