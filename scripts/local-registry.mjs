// A throwaway private registry for the package checks: Verdaccio on 127.0.0.1. It serves the
// @ones.dev scope to anyone (as the OnesID registry does) and proxies every other package to the
// machine's npm registry, so a customer's project can use the vendor's one-line .npmrc,
// `registry=<url>`, as it does with https://npm.pantherx.org. One user's token publishes.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runServer } from 'verdaccio';

/** The registry npm uses on this machine: the local registry's upstream for everything else. */
function upstreamRegistry() {
  return (
    execFileSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).trim() ||
    'https://registry.npmjs.org/'
  );
}

/** Starts the registry in `folder`; returns its URL, an auth token, and `stop()`. */
export async function startLocalRegistry(folder) {
  mkdirSync(join(folder, 'storage'), { recursive: true });
  const configPath = join(folder, 'config.yaml');
  writeFileSync(
    configPath,
    `storage: ./storage
auth:
  htpasswd:
    file: ./htpasswd
    max_users: 1
uplinks:
  upstream:
    url: ${upstreamRegistry()}
    timeout: 60s
packages:
  '@ones.dev/*':
    access: $all
    publish: $authenticated
  '**':
    access: $all
    proxy: upstream
log: { type: stdout, format: pretty, level: fatal }
logs: { type: stdout, format: pretty, level: fatal }
`,
  );
  const app = await runServer(configPath);
  const server = await new Promise((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    listening.on('error', reject);
  });
  const url = `http://127.0.0.1:${server.address().port}/`;
  const password = crypto.randomUUID();
  const response = await fetch(`${url}-/user/org.couchdb.user:ci`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'ci', password, type: 'user', roles: [], date: new Date().toISOString() }),
  });
  if (response.status !== 201) throw new Error(`local registry: adding the user answered ${response.status}`);
  const { token } = await response.json();
  return {
    url,
    token,
    /** The .npmrc lines a release uses to publish the @ones.dev scope here. */
    npmrc: `@ones.dev:registry=${url}\n${url.replace(/^http:/, '')}:_authToken=${token}\n`,
    /** A customer project's .npmrc: the vendor documentation's one line, with this registry's URL. */
    customerNpmrc: `registry=${url}\n`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
