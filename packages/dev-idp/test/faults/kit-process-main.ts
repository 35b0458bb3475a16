// One login-kit instance in a process of its own (node:http, RedisLoginStore), for the fault suite:
// what happens to it (a stalled event loop) happens to it alone. Started by kit-process.ts with its
// settings in ONES_KIT_CONFIG; prints `listening <port>` once it serves. Test-only routes:
// `POST /__stall {"ms"}` blocks the event loop now; `POST /__stall-after-next-read {"ms"}` blocks it
// right after the next store read was sent, while its answer is on the way.

import { createServer } from 'node:http';
import { DeviceAuthentication, loadSystemConfig } from '@ones.dev/backend-modules';
import { createOnesLogin, RedisLoginStore } from '@ones.dev/backend-modules/login';
import { AuthJwtProperties } from '@ones.dev/common';
import { createClient } from 'redis';
import type { KitProcessConfig } from './kit-process.js';

const config = JSON.parse(process.env.ONES_KIT_CONFIG ?? '{}') as KitProcessConfig;
const busy = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // the event loop is blocked, as under a long GC pause or a CPU-bound request
  }
};

const redis = createClient({
  url: config.redisUrl,
  disableOfflineQueue: true,
  socket: { reconnectStrategy: () => 100 },
});
redis.on('error', () => {});
await redis.connect();
const subscriber = redis.duplicate();
subscriber.on('error', () => {});
await subscriber.connect();

let stallAfterNextRead = 0;
class LaggingStore extends RedisLoginStore {
  override async get(key: string) {
    const answer = super.get(key);
    if (stallAfterNextRead > 0) {
      const ms = stallAfterNextRead;
      stallAfterNextRead = 0;
      await new Promise((sent) => process.nextTick(sent)); // the command leaves; its answer comes back during the stall
      process.stdout.write(`log ${JSON.stringify({ level: 'debug', code: 'TEST_STALL', message: key })}\n`);
      busy(ms);
    }
    return answer;
  }
}

const login = createOnesLogin({
  auth: DeviceAuthentication.fromSystemConfig(loadSystemConfig(config.deviceConfigPath), {
    name: 'fault-suite',
    deviceIdentityUrl: config.signerUrl,
    authJwtProperties: new AuthJwtProperties({ scope: 'openid profile', bindingMessage: 'Fault suite' }),
  }),
  secrets: [config.secret],
  origins: [config.origin],
  store: new LaggingStore(redis, { subscriber }),
  trustedProxyHops: 1,
  logger: (event) => process.stdout.write(`log ${JSON.stringify(event)}\n`),
  ...(config.cibaPing ? { cibaPing: { holdSeconds: 4 } } : {}),
});

const server = createServer((request, response) => {
  if (request.method === 'POST' && request.url?.startsWith('/__stall')) {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const { ms } = JSON.parse(body) as { ms: number };
      response.end('{}');
      if (request.url === '/__stall') setImmediate(() => busy(ms));
      else stallAfterNextRead = ms;
    });
    return;
  }
  login.node(request, response);
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as { port: number }).port}\n`);
});
