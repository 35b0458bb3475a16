import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type * as Common from '../../src/index.js';
import type * as Qr from '../../src/qr.js';
import { launchChromium } from './chromium.js';
import { startFakeCustomerBackend } from './fake-customer-backend.js';

declare global {
  var ones: typeof Common & typeof Qr;
}

/** What a rejected helper looked like inside the page. */
interface PageError {
  name: string;
  code: string;
  message: string;
  status: number | undefined;
  isOnesError: boolean;
  instanceOfOnesError: boolean;
}

let browser: Browser;
let page: Page;
let backend: Awaited<ReturnType<typeof startFakeCustomerBackend>>;
let bundleInputs: string[];

beforeAll(async () => {
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL('./page-entry.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
  });
  bundleInputs = Object.keys(bundled.metafile.inputs);
  backend = await startFakeCustomerBackend(bundled.outputFiles[0]?.text ?? '');
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await backend?.close();
});

beforeEach(async () => {
  backend.reset();
  page = await browser.newPage();
  await page.goto(`${backend.origin}/`);
});

afterEach(async () => {
  await page.close();
  expect(backend.unscripted, 'requests to routes the test did not script').toEqual([]);
});

/** Runs `body` in the page and returns how it rejected. */
function pageRejection(body: string): Promise<PageError> {
  return page.evaluate(async (source) => {
    try {
      await new Function('ones', 'origin', `return (async () => { ${source} })()`)(
        globalThis.ones,
        location.origin,
      );
    } catch (error) {
      const e = error as Error & { code: string; response?: { status: number } };
      return {
        name: e.name,
        code: e.code,
        message: e.message,
        status: e.response?.status,
        isOnesError: globalThis.ones.isOnesError(e),
        instanceOfOnesError: e instanceof globalThis.ones.OnesError,
      };
    }
    throw new Error('expected a rejection');
  }, body);
}

describe('@ones.dev/common in Chromium', () => {
  it('bundles for the browser without any Node built-in', () => {
    expect(bundleInputs.some((input) => input.startsWith('node:'))).toBe(false);
    expect(bundleInputs.some((input) => input.includes('zod'))).toBe(false);
  });

  it('logs in with CIBA: start, poll through "400 while pending", get the tokens', async () => {
    backend.route('/api/auth/oidc/bc-authorize', () => ({
      json: { auth_req_id: 'req-1', expires_in: 30, interval: 1 },
    }));
    backend.route('/api/auth/oidc/token', (_, index) =>
      index < 2
        ? { status: 400, json: { statusCode: 400, message: 'Bad Request' } }
        : { json: { access_token: 'at-1', token_type: 'Bearer', expires_in: 3600, id_token: 'h.p.s' } },
    );
    const result = await page.evaluate(async () => {
      const login = await ones.makeCibaRequestClient(location.origin, 'alice');
      const outcomes: string[] = [];
      const tokens = await ones.waitForCibaTokensClient(location.origin, login, {
        onPoll: ({ outcome }) => outcomes.push(outcome),
      });
      return { login, tokens, outcomes };
    });
    expect(result.login).toEqual({ auth_req_id: 'req-1', expires_in: 30, interval: 1 });
    expect(result.tokens).toEqual({
      access_token: 'at-1',
      token_type: 'Bearer',
      expires_in: 3600,
      id_token: 'h.p.s',
    });
    expect(result.outcomes).toEqual(['pending', 'pending']);

    const [start, ...polls] = backend.received;
    expect(start).toMatchObject({
      path: '/api/auth/oidc/bc-authorize',
      body: { userIdentifier: 'alice' },
      contentType: 'application/json',
    });
    expect(polls.map((p) => p.body)).toEqual(Array(3).fill({ authRequestId: 'req-1' }));
    expect(backend.maxInFlight).toBe(1);
    for (let i = 1; i < polls.length; i++) {
      expect((polls[i]?.startedAt ?? 0) - (polls[i - 1]?.finishedAt ?? 0)).toBeGreaterThanOrEqual(950);
    }
  });

  it('logs in with a QR code: make, render, wait for the scan, and the code scans back to its content', async () => {
    const cbUrl = `${backend.origin}/qr-auth/sessions/qr-1/callback`;
    backend.route('/api/auth/qr/make', () => ({
      json: { sessionId: 'qr-1', cbUrl, expIn: 30, exp: 1_900_000_000, interval: 1 },
    }));
    backend.route('/api/auth/qr/status', (_, index) => ({
      json:
        index < 1
          ? { sessionId: 'qr-1', exp: 1_900_000_000 }
          : { sessionId: 'qr-1', exp: 1_900_000_000, authRequestId: 'req-7', expires_in: 90, interval: 1 },
    }));
    const result = await page.evaluate(async () => {
      const session = await ones.makeQrSessionClientV2(location.origin);
      const content = ones.buildQrCodeContent(session);
      const holder = document.createElement('div');
      holder.innerHTML = ones.renderQrCodeSvg(content, { size: 264 });
      document.body.append(holder);
      const svg = holder.querySelector('svg');
      const image = new Image();
      image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(holder.innerHTML)}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = 264;
      canvas.height = 264;
      const context = canvas.getContext('2d');
      context?.drawImage(image, 0, 0);
      const pixels = Array.from(context?.getImageData(0, 0, 264, 264).data ?? []);
      const scanned = await ones.waitForQrAuthRequestClient(location.origin, session);
      return { content, width: svg?.getBoundingClientRect().width, pixels, scanned };
    });
    expect(result.width).toBe(264);
    expect(jsQR(Uint8ClampedArray.from(result.pixels), 264, 264)?.data).toBe(result.content);
    expect(JSON.parse(result.content)).toEqual({ cbUrl, sessionId: 'qr-1', exp: 1_900_000_000 });
    expect(result.scanned).toEqual({
      sessionId: 'qr-1',
      exp: 1_900_000_000,
      authRequestId: 'req-7',
      auth_req_id: 'req-7',
      expires_in: 90,
      interval: 1,
    });
    expect(backend.received.map((r) => r.path)).toEqual([
      '/api/auth/qr/make',
      '/api/auth/qr/status',
      '/api/auth/qr/status',
    ]);
  });

  it('ends the CIBA wait when the user denies, with the typed error and the vendor-style status', async () => {
    backend.route('/api/auth/oidc/token', () => ({ status: 400, json: { error: 'access_denied' } }));
    const error = await pageRejection(
      `await ones.waitForCibaTokensClient(origin, { auth_req_id: 'req-1', expires_in: 30, interval: 1 });`,
    );
    expect(error).toEqual({
      name: 'OnesOAuthError',
      code: 'ERR_OAUTH_ACCESS_DENIED',
      message: 'the server answered HTTP 400 with OAuth error "access_denied"',
      status: 400,
      isOnesError: true,
      instanceOfOnesError: true,
    });
    expect(backend.received).toHaveLength(1);
  });

  it('reports an expired QR session as ERR_QR_SESSION_NOT_FOUND', async () => {
    backend.route('/api/auth/qr/status', () => ({ status: 404, json: { message: 'Not Found' } }));
    const error = await pageRejection(
      `await ones.waitForQrAuthRequestClient(origin, { sessionId: 'qr-1', expIn: 30, interval: 1 });`,
    );
    expect(error).toMatchObject({ name: 'OnesHttpError', code: 'ERR_QR_SESSION_NOT_FOUND', status: 404 });
  });

  it('stops the wait at once when the page aborts it', async () => {
    backend.route('/api/auth/oidc/token', () => ({ status: 400, json: { error: 'authorization_pending' } }));
    const started = Date.now();
    const error = await pageRejection(`
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 1500);
      await ones.waitForCibaTokensClient(origin, { auth_req_id: 'req-1', expires_in: 60, interval: 1 }, { signal: controller.signal });`);
    expect(error).toMatchObject({ name: 'OnesAbortError', code: 'ERR_ABORTED' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(backend.received).toHaveLength(1);
  });

  it('times out a slow backend with ERR_TIMEOUT_REQUEST', async () => {
    backend.route('/api/auth/qr/make', () => ({ delayMs: 1_000, json: {} }));
    const error = await pageRejection(`await ones.makeQrSessionClientV2(origin, { timeoutMs: 200 });`);
    expect(error).toMatchObject({ name: 'OnesTimeoutError', code: 'ERR_TIMEOUT_REQUEST' });
  });

  it('rejects an HTML answer and a plain-http public host', async () => {
    backend.route('/api/auth/oidc/bc-authorize', () => ({
      text: '<html>login</html>',
      contentType: 'text/html',
    }));
    expect(await pageRejection(`await ones.makeCibaRequestClient(origin, 'alice');`)).toMatchObject({
      code: 'ERR_VALIDATION_RESPONSE',
    });
    expect(
      await pageRejection(`await ones.makeCibaRequestClient('http://shop.example', 'alice');`),
    ).toMatchObject({
      name: 'OnesValidationError',
      code: 'ERR_VALIDATION_ARGUMENT',
    });
    expect(backend.received).toHaveLength(1);
  });
});
