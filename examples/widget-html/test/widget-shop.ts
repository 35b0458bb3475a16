// For the widget's Chromium tests: dev-idp, the plain-HTML shop with the login kit, the phone, axe,
// and the screenshots the docs show.

import { copyFileSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { OnesLogin, OnesLoginOptions } from '@ones.dev/backend-modules/login';
import { type DevIdp, type StartDevIdpOptions, startDevIdp } from '@ones.dev/dev-idp';
import { build } from 'esbuild';
import jsQR from 'jsqr';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { backendFor } from '../../test-support/backend-for.ts';
import { shopLogin } from '../../test-support/shop-login.ts';
import { createWidgetPageServer } from '../src/widget-page-server.ts';

const ARTIFACTS = resolve(import.meta.dirname, '../../../test-artifacts/widget');
/** Where the docs take the screenshots from; refreshed with ONES_UPDATE_SCREENSHOTS=1. */
const DOCS_IMAGES = resolve(import.meta.dirname, '../../../docs/images/widget');

/** The widget's one-file build, from source, as `@ones.dev/common/widget/standalone` is built. */
export async function widgetBundle(): Promise<string> {
  const bundled = await build({
    entryPoints: [resolve(import.meta.dirname, '../../../packages/common/src/widget.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
  });
  return bundled.outputFiles[0]?.text ?? '';
}

export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.ONES_CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface WidgetShop {
  readonly idp: DevIdp;
  readonly url: string;
  stop(): Promise<void>;
}

/** dev-idp, and the plain-HTML page with its kit (options: the kit's) on a free loopback port. */
export async function startWidgetShop(
  bundle: string,
  idpOptions: StartDevIdpOptions = {},
  kitOptions: Partial<OnesLoginOptions> = {},
  backendOptions: { readonly requestedExpiry?: number } = {},
): Promise<WidgetShop> {
  const idp = await startDevIdp({ cibaIntervalSeconds: 1, ...idpOptions });
  let login: OnesLogin | undefined;
  const server = createWidgetPageServer({ node: (...args) => login?.node(...args) }, bundle);
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  login = shopLogin(await backendFor(idp, 'widget-e2e', 'Log in to Shop', backendOptions), url, kitOptions);
  return {
    idp,
    url,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
      await idp.stop();
    },
  };
}

/** A tab on the shop whose `ones-login` and `ones-error` events are recorded in `window.events`. */
export async function openShop(browser: Browser, shop: WidgetShop): Promise<Page> {
  // a context per page: axe runs its frames through it, and each page gets its own cookies
  const context = await browser.newContext();
  const page = await context.newPage();
  // closing the page ends its context; at the end of the run the browser may be closing already
  page.on('close', () => {
    context.close().catch(() => {});
  });
  await page.addInitScript(() => {
    const events: { type: string; detail: unknown }[] = [];
    Object.assign(window, { events });
    for (const type of ['ones-login', 'ones-error', 'ones-logout'])
      document.addEventListener(type, (event) =>
        events.push({ type, detail: (event as CustomEvent).detail }),
      );
  });
  await page.goto(shop.url);
  await page.locator('ones-login').getByRole('tab', { name: 'Username' }).waitFor();
  return page;
}

/** The widget's state, once it is `state`. */
export async function reaches(page: Page, state: string, timeout = 15_000): Promise<void> {
  await expect
    .poll(() => page.locator('ones-login').evaluate((widget) => (widget as { state?: string }).state), {
      timeout,
    })
    .toBe(state);
}

/** The events the page recorded. */
export function events(page: Page): Promise<{ type: string; detail: Record<string, unknown> }[]> {
  return page.evaluate(() => (window as unknown as { events: never[] }).events);
}

/** What the focused element inside the widget says (its text or label). */
export function focusedInWidget(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const focused = document.querySelector('ones-login')?.shadowRoot?.activeElement;
    return focused?.getAttribute('aria-label') ?? (focused?.textContent || focused?.tagName);
  });
}

/** The widget's status line (what a screen reader announces). */
export function statusText(page: Page): Promise<string | null> {
  return page.locator('ones-login').getByRole('status').textContent();
}

/**
 * axe-core finds no violation in the widget in light and dark, on a desktop and on a 375 px phone
 * screen, and a screenshot of each is taken (`<name>-light.png`, `<name>-dark.png`,
 * `<name>-375-light.png`, `<name>-375-dark.png`), the dark one through the system setting.
 */
export async function checkAndPicture(page: Page, name: string): Promise<void> {
  const desktop = page.viewportSize() ?? { width: 1280, height: 720 };
  for (const [size, suffix] of [
    [desktop, ''],
    [{ width: 375, height: 800 }, '-375'],
  ] as const) {
    await page.setViewportSize(size);
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      const { violations } = await new AxeBuilder({ page }).include('ones-login').analyze();
      expect(
        violations.map(
          (violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`,
        ),
        `axe in state ${name}, ${colorScheme}, ${size.width} px`,
      ).toEqual([]);
      const file = `${name}${suffix}-${colorScheme}.png`;
      const path = resolve(ARTIFACTS, file);
      await page.locator('ones-login').screenshot({ path, animations: 'disabled' });
      if (process.env.ONES_UPDATE_SCREENSHOTS === '1') {
        mkdirSync(DOCS_IMAGES, { recursive: true });
        copyFileSync(path, resolve(DOCS_IMAGES, file));
      }
    }
  }
  await page.setViewportSize(desktop);
  await page.emulateMedia({ colorScheme: 'light' });
}

/** What the widget's QR code says, read as a phone would: its SVG drawn on a canvas, decoded by jsQR. */
export async function readWidgetQrCode(page: Page): Promise<string | undefined> {
  const side = 330;
  const pixels = await page
    .locator('ones-login')
    .locator('svg')
    .evaluate(async (svg, size) => {
      const image = new Image();
      image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg.outerHTML)}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = size;
      canvas.height = size;
      const context = canvas.getContext('2d');
      context?.drawImage(image, 0, 0, size, size);
      return Array.from(context?.getImageData(0, 0, size, size).data ?? []);
    }, side);
  return jsQR(Uint8ClampedArray.from(pixels), side, side)?.data;
}
