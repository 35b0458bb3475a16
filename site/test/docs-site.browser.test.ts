// The docs site as a reader gets it: `vitepress build` (which fails on a link to a page that does not
// exist), every link and anchor of what it wrote, then the site served over loopback HTTP in Chromium,
// where the local search finds an export of the API reference and a guide.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../packages/common/test/browser/chromium.ts';
import { brokenLinks, htmlFiles } from './site-links.ts';

const SITE = resolve(import.meta.dirname, '..');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
};

/** A static file server for the built site, as any web server would serve it. */
function serveFolder(folder: string): Promise<Server> {
  const server = createServer((request, response) => {
    let path = decodeURIComponent(new URL(request.url ?? '/', 'http://site').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = resolve(folder, `.${path}`);
    try {
      if (!file.startsWith(folder)) throw new Error('outside the site');
      const body = readFileSync(file);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  return new Promise((ready) => server.listen(0, '127.0.0.1', () => ready(server)));
}

describe('the docs site', () => {
  let site: string;
  let server: Server;
  let browser: Browser;
  let page: Page;
  let origin: string;

  beforeAll(async () => {
    site = mkdtempSync(join(tmpdir(), 'ones-docs-site-'));
    await promisify(execFile)('pnpm', ['exec', 'vitepress', 'build', '--outDir', site], { cwd: SITE });
    server = await serveFolder(site);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    page = await browser.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    rmSync(site, { recursive: true, force: true });
  });

  it('has every guide, a page per framework, the widget, the API reference, the examples and packages', () => {
    const pages = htmlFiles(site).map((file) => file.slice(site.length + 1));
    for (const expected of [
      'index.html',
      'getting-started.html',
      'login-kit.html',
      ...['express', 'nestjs', 'fastify', 'hono', 'nextjs', 'node-http'].map((f) => `frameworks/${f}.html`),
      'widget.html',
      'api/index.html',
      'api/@ones.dev/common/index.html',
      'api/@ones.dev/backend-modules/login.html',
      'examples/index.html',
      'examples/widget-html/index.html',
      'packages/backend-modules/index.html',
    ])
      expect(pages).toContain(expected);
  });

  it('the link check finds a missing page and a missing anchor', () => {
    const fixture = mkdtempSync(join(tmpdir(), 'ones-docs-links-'));
    try {
      writeFileSync(
        join(fixture, 'index.html'),
        '<h2 id="here">x</h2><a href="#here">ok</a><a href="/gone.html">1</a><a class="x" href="#nowhere">2</a>',
      );
      expect(brokenLinks(fixture)).toEqual(['index.html → #nowhere', 'index.html → /gone.html']);
    } finally {
      rmSync(fixture, { recursive: true, force: true });
    }
  });

  it('has no broken link: every page and every anchor a link names is there', () => {
    expect(brokenLinks(site)).toEqual([]);
  });

  it('search finds makeCibaRequestClient and opens its entry in the API reference', async () => {
    await page.goto(`${origin}/`);
    await page
      .getByRole('button', { name: /search/i })
      .first()
      .click();
    await page.getByRole('searchbox').fill('makeCibaRequestClient');
    const first = page.locator('#localsearch-list a').first();
    await expect.poll(() => first.getAttribute('href')).toBe('/api/@ones.dev/common/#makecibarequestclient');
    await first.click();
    await expect.poll(() => page.url()).toBe(`${origin}/api/@ones.dev/common/#makecibarequestclient`);
    const heading = page.getByRole('heading', { name: 'makeCibaRequestClient()' });
    await expect.poll(() => heading.isVisible()).toBe(true);
  });

  it('search finds a guide by its words: a page per framework', async () => {
    await page.goto(`${origin}/getting-started.html`);
    await page
      .getByRole('button', { name: /search/i })
      .first()
      .click();
    await page.getByRole('searchbox').fill('removeAllContentTypeParsers');
    await expect
      .poll(() => page.locator('#localsearch-list a').first().getAttribute('href'))
      .toMatch(/^\/frameworks\/fastify\.html/);
  });

  it('search ranks a guide above the API reference for its topic: "redis" finds "More than one instance"', async () => {
    await page.goto(`${origin}/`);
    await page
      .getByRole('button', { name: /search/i })
      .first()
      .click();
    await page.getByRole('searchbox').fill('redis');
    await expect
      .poll(() => page.locator('#localsearch-list a').first().getAttribute('href'))
      .toBe('/login-kit.html#6-more-than-one-instance');
  });

  it('opens on what the SDK does in one screen: the login box, three steps, the frameworks', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 800 } });
    await phone.goto(`${origin}/`);
    await expect
      .poll(() => phone.getByRole('heading', { name: 'Log users in on their phone' }).isVisible())
      .toBe(true);
    for (const step of ['1. Try it', '2. A local OnesID', '3. Your login box', 'Your framework'])
      expect(await phone.getByRole('heading', { name: step }).count()).toBe(1);
    expect(await phone.getByRole('img', { name: /ones-login> waiting/ }).count()).toBe(1);
    await phone.close();
  });

  it.each(['/', '/login-kit.html', '/widget.html', '/errors.html', '/getting-started.html'])(
    'at 375 px, %s does not scroll sideways: wide tables scroll inside themselves',
    async (path) => {
      const phone = await browser.newPage({ viewport: { width: 375, height: 800 } });
      await phone.goto(`${origin}${path}`);
      await phone.waitForLoadState('networkidle');
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      await phone.close();
    },
  );
});
