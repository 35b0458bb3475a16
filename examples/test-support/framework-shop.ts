// Shared by the framework examples' Chromium tests (not part of any example): an app built with its
// own Vite config, served with the login kit on one origin, against dev-idp.

import { mkdtemp, readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { type DevIdp, startDevIdp } from '@ones.dev/dev-idp';
import { build } from 'vite';
import { SOURCE_ALIASES } from '../../scripts/source-aliases.mjs';
import { backendFor } from './backend-for.ts';
import { shopLogin } from './shop-login.ts';

/** A built app, the kit's routes under /api/auth, and dev-idp. */
export interface FrameworkShop {
  readonly idp: DevIdp;
  readonly url: string;
  stop(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/**
 * Builds the Vite app in `appRoot` with its own `vite.config.ts` (bundling `@ones.dev/common` from
 * source, as the tests do) and serves it with the login kit in session mode, as a customer deploys it.
 */
export async function startFrameworkShop(appRoot: string, name: string): Promise<FrameworkShop> {
  const outDir = await mkdtemp(join(tmpdir(), `ones-${name}-`));
  await build({
    root: appRoot,
    logLevel: 'error',
    resolve: { alias: SOURCE_ALIASES },
    build: { outDir, emptyOutDir: true },
  });
  const idp = await startDevIdp({ cibaIntervalSeconds: 1 });
  let route: ((...args: Parameters<ReturnType<typeof shopLogin>['node']>) => void) | undefined;
  const server = createServer((request, response) => route?.(request, response));
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const login = shopLogin(await backendFor(idp, name, 'Log in to Shop'), url);
  route = (request, response) =>
    login.node(request, response, async () => {
      const path = (request.url ?? '/').split('?', 1)[0] ?? '/';
      const file = normalize(join(outDir, path === '/' ? 'index.html' : path));
      const body = file.startsWith(outDir) ? await readFile(file).catch(() => undefined) : undefined;
      if (body === undefined) return void response.writeHead(404).end();
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    });
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
