// For the login-kit scale benchmark: one kit instance in a process of its own, as a customer runs
// it: node:http, the login kit in session mode and CIBA ping mode, RedisLoginStore on a shared
// redis-server (node-redis, with a subscriber connection), the device signing in process. Answers
// the parent over IPC: `{ cpu }` → its CPU time so far (process.cpuUsage), `{ stop }` → exits.

import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector/promises';
import { createKeySigningFunction, DeviceAuthentication, loadSystemConfig } from '@ones.dev/backend-modules';
import { createOnesLogin, RedisLoginStore } from '@ones.dev/backend-modules/login';
import { AuthJwtProperties } from '@ones.dev/common';
import { createClient } from 'redis';

const { configPath, privateKeyPem, redisUrl, origin, secret } = JSON.parse(process.argv[2]);
const auth = DeviceAuthentication.fromSystemConfig(loadSystemConfig(configPath), {
  name: 'scale',
  functions: { signingFunction: createKeySigningFunction(privateKeyPem) },
  authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Scale benchmark', scope: 'openid profile' }),
});
const redis = createClient({
  url: redisUrl,
  disableOfflineQueue: true,
  socket: { reconnectStrategy: () => 100 },
});
redis.on('error', () => {});
await redis.connect();
const subscriber = redis.duplicate();
subscriber.on('error', () => {});
await subscriber.connect();
const warnings = [];
const login = createOnesLogin({
  auth,
  secrets: [secret],
  origins: [origin],
  store: new RedisLoginStore(redis, { subscriber }),
  cibaPing: true,
  // each simulated browser sends its own address (and names a user of its own): the default limits
  trustedProxyHops: 1,
  logger: (event) => {
    if (event.level === 'warn') warnings.push(event.code);
  },
});
// requests served, by route (the query string left out)
const served = {};
const server = createServer((request, response) => {
  const route = `${request.method} ${request.url?.split('?')[0]}`;
  served[route] = (served[route] ?? 0) + 1;
  login.node(request, response);
});
await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
// SCALE_PROFILE: a CPU profile of the measured phase only (`{ profile: 'start' }` … `{ profile: file }`)
// (connected only then: a connected inspector is not part of what a customer runs)
let inspector;
process.on('message', async (message) => {
  if (message.profile === 'start') {
    inspector = new Session();
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
  } else if (message.profile) {
    const { profile } = await inspector.post('Profiler.stop');
    writeFileSync(message.profile, JSON.stringify(profile));
  }
  if (message.cpu) process.send({ cpu: process.cpuUsage(), warnings, served: { ...served } });
  if (message.stop) {
    server.closeAllConnections();
    server.close();
    redis.destroy();
    subscriber.destroy();
    process.exit(0);
  }
});
process.send({ ready: { url: `http://127.0.0.1:${server.address().port}` } });
