// A throwaway private registry for the package checks: Verdaccio on 127.0.0.1, serving only the
// @ones.dev scope (everything else still comes from the machine's npm registry, as for customers),
// with one user whose token publishes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runServer } from 'verdaccio';

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
uplinks: {}
packages:
  '@ones.dev/*':
    access: $authenticated
    publish: $authenticated
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
    /** The .npmrc lines a customer project uses for this registry. */
    npmrc: `@ones.dev:registry=${url}\n${url.replace(/^http:/, '')}:_authToken=${token}\n`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
