import { mkdirSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DevIdp, startDevIdp } from '@ones.dev/dev-idp';
import express from 'express';
import { createLoginRouter } from 'ones-example-express/login-routes';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendFor } from '../../test-support/backend-for.ts';

// The SPA, built with Vite, in Debian's Chromium → the Express example → @ones.dev/backend-modules →
// dev-idp (a real OpenID provider), whose approval page (the "phone") is driven in a second tab.
const ARTIFACTS = resolve(import.meta.dirname, '../../../test-artifacts/spa');
let idp: DevIdp;
let server: Server;
let shop: string;
let chromiumBrowser: Browser;

beforeAll(async () => {
  const outDir = mkdtempSync(join(tmpdir(), 'ones-spa-'));
  await build({
    root: resolve(import.meta.dirname, '..'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true },
  });
  idp = await startDevIdp({ cibaIntervalSeconds: 1 });
  const auth = await backendFor(idp, 'spa-e2e', 'Log in to Shop');
  const app = express().use(createLoginRouter(auth)).use(express.static(outDir));
  server = await new Promise<Server>((ready) => {
    const listening = app.listen(0, '127.0.0.1', () => ready(listening));
  });
  shop = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
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
  await new Promise((done) => server?.close(done));
  await idp?.stop();
});

/** The phone: the approval page in its own tab; clicks a button once it shows up (the page refreshes itself). */
async function onThePhone(name: string | RegExp, before?: (phone: Page) => Promise<void>): Promise<void> {
  const phone = await chromiumBrowser.newPage();
  await phone.goto(idp.approvalUrl);
  await before?.(phone);
  await phone.getByRole('button', { name }).first().click({ timeout: 15_000 });
  await phone.close();
}

describe('the SPA in Chromium', () => {
  it('logs in by username: progress while waiting, then the validated claims, focus on the result', async () => {
    const page = await chromiumBrowser.newPage();
    await page.goto(shop);
    await page.getByLabel('OnesID username').fill('alice');
    await page.getByRole('button', { name: 'Log in with your OnesID username' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent(), { timeout: 10_000 })
      .toMatch(/Approve the login|Waiting for your approval/);
    await page.screenshot({ path: join(ARTIFACTS, 'ciba-waiting.png') });
    await onThePhone('Approve login for alice');
    await page.getByRole('heading', { name: 'Logged in' }).waitFor({ timeout: 15_000 });
    expect(await page.getByRole('status').textContent()).toBe('Logged in as Alice Example.');
    expect(await page.locator('#claims').textContent()).toContain('user-alice');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('logged-in-heading');
    await page.screenshot({ path: join(ARTIFACTS, 'logged-in.png') });
    await page.close();
  });

  it('logs in by QR code: the phone scans it as bob and approves', async () => {
    const page = await chromiumBrowser.newPage();
    await page.goto(shop);
    await page.getByRole('button', { name: 'Scan the QR code' }).click();
    await page.locator('#qr svg').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'qr-code.png') });
    await onThePhone('Scan as user', (phone) =>
      phone
        .getByLabel('User')
        .first()
        .selectOption('bob')
        .then(() => undefined),
    );
    await expect.poll(() => page.getByRole('status').textContent(), { timeout: 10_000 }).toContain('Scanned');
    await onThePhone('Approve login for bob');
    await page.getByRole('heading', { name: 'Logged in' }).waitFor({ timeout: 15_000 });
    expect(await page.locator('#claims').textContent()).toContain('user-bob');
    await page.close();
  });

  it('a denial says so and offers a retry', async () => {
    const page = await chromiumBrowser.newPage();
    await page.goto(shop);
    await page.getByLabel('OnesID username').fill('bob');
    await page.getByRole('button', { name: 'Log in with your OnesID username' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent(), { timeout: 10_000 })
      .toMatch(/Approve the login|Waiting/);
    await onThePhone('Deny');
    await expect
      .poll(() => page.getByRole('status').textContent(), { timeout: 15_000 })
      .toBe('You declined the login on your phone.');
    expect(await page.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS, 'denied.png') });
    await page.close();
  });
});
