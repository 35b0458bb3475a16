// For the load benchmark: one client implementation in its own process, measured alone. It starts
// N CIBA logins evenly over `spreadMs`, tells the parent each `auth_req_id` (which has dev-idp approve
// it later), waits for every login's tokens, validates the ID token, and reports its CPU per login,
// peak RSS, event-loop delay p99 and when each login got its tokens.
//   sdk-poll: DeviceAuthentication, makeCibaRequest + waitForCibaTokens (the SDK's polling rules)
//   openid-client-poll: openid-client v6, initiateBackchannelAuthentication + pollBackchannelAuthenticationGrant
//   sdk-ping: DeviceAuthentication with a client_notification_token per login, a notification
//             endpoint on loopback, and checkCibaStatus once when notified (no polling)

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createKeySigningFunction, DeviceAuthentication, loadSystemConfig } from '@ones.dev/backend-modules';
import { AuthJwtProperties } from '@ones.dev/common';
import { createRemoteJWKSet, importPKCS8, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { signCibaRequest } from './openid-client-ciba.mjs';

const [impl, count, spread] = process.argv.slice(2);
const N = Number(count);
const SPREAD_MS = Number(spread);
const send = (message) => process.send(message);
const wait = () => new Promise((resolve) => process.once('message', resolve));

// ping mode: the notification endpoint first, so that dev-idp can be registered with it
const waiting = new Map(); // auth_req_id → { hash, notified }
let endpoint;
if (impl === 'sdk-ping') {
  endpoint = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const id = JSON.parse(body).auth_req_id;
      const entry = waiting.get(id);
      const [, token = ''] = (request.headers.authorization ?? '').split(' ');
      const presented = createHash('sha256').update(token).digest();
      if (entry === undefined || !timingSafeEqual(presented, entry.hash))
        return response.writeHead(404).end();
      response.writeHead(204).end();
      entry.notified();
    });
  });
  await new Promise((ready) => endpoint.listen(0, '127.0.0.1', ready));
  send({ endpoint: `http://127.0.0.1:${endpoint.address().port}/notify` });
}
const { idp } = await wait();
const device = loadSystemConfig(idp.configPath);
const properties = new AuthJwtProperties({ bindingMessage: 'Load benchmark', scope: 'openid profile' });
const auth = DeviceAuthentication.fromSystemConfig(device, {
  name: 'load',
  functions: { signingFunction: createKeySigningFunction(idp.privateKeyPem) },
  authJwtProperties: properties,
});

let login;
if (impl === 'openid-client-poll') {
  const key = await importPKCS8(idp.privateKeyPem, 'ES256');
  const config = await client.discovery(
    new URL(idp.issuer),
    device.clientId,
    { id_token_signed_response_alg: 'ES256' },
    client.PrivateKeyJwt(key),
    { execute: [client.allowInsecureRequests] },
  );
  const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri));
  login = async (started) => {
    const request = await signCibaRequest({
      key,
      alg: 'ES256',
      clientId: device.clientId,
      issuer: idp.issuer,
      bindingMessage: 'Load benchmark',
    });
    const response = await client.initiateBackchannelAuthentication(config, { request });
    started(response.auth_req_id);
    const tokens = await client.pollBackchannelAuthenticationGrant(config, response);
    const at = Date.now();
    await jwtVerify(tokens.id_token, jwks, {
      issuer: idp.issuer,
      audience: device.clientId,
      algorithms: ['ES256'],
    });
    return at;
  };
} else if (impl === 'sdk-poll') {
  login = async (started) => {
    const response = await auth.makeCibaRequest({ loginHint: { kind: 'username', value: 'alice' } });
    started(response.auth_req_id);
    const tokens = await auth.waitForCibaTokens(response);
    const at = Date.now();
    await auth.validateJwt(tokens.id_token, { tokenType: 'id_token' });
    return at;
  };
} else {
  login = async (started) => {
    const token = randomBytes(32).toString('base64url');
    const response = await auth.makeCibaRequest({
      loginHint: { kind: 'username', value: 'alice' },
      clientNotificationToken: token,
    });
    const notified = new Promise((resolve) => {
      waiting.set(response.auth_req_id, {
        hash: createHash('sha256').update(token).digest(),
        notified: resolve,
      });
    });
    started(response.auth_req_id);
    await notified;
    waiting.delete(response.auth_req_id);
    const tokens = await auth.checkCibaStatus(response.auth_req_id);
    const at = Date.now();
    await auth.validateJwt(tokens.id_token, { tokenType: 'id_token' });
    return at;
  };
}

// warm up: discovery, JWKS, JIT (approved at once)
await login((id) => send({ started: id, delayMs: 0 }));

const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
const before = process.cpuUsage();
const beforeMainThread = process.threadCpuUsage();
const tokensAt = {};
let failures = 0;
const runs = [];
for (let index = 0; index < N; index += 1) {
  let id;
  runs.push(
    login((started) => {
      id = started;
      send({ started });
    }).then(
      (at) => {
        tokensAt[id] = at;
      },
      (error) => {
        failures += 1;
        if (failures <= 3)
          console.error(`${impl}: a login failed: ${error.code ?? error.name}: ${error.message}`);
      },
    ),
  );
  await new Promise((resolve) => setTimeout(resolve, SPREAD_MS / N));
}
await Promise.all(runs);
const cpu = process.cpuUsage(before);
const mainThread = process.threadCpuUsage(beforeMainThread);
delay.disable();
endpoint?.close();
send({
  result: {
    cpuMsPerLogin: (cpu.user + cpu.system) / 1000 / N,
    // the process's split: user and kernel time, and the main thread's share (the rest is libuv's
    // thread pool, V8's compiler and GC threads)
    userMsPerLogin: cpu.user / 1000 / N,
    systemMsPerLogin: cpu.system / 1000 / N,
    mainThreadMsPerLogin: (mainThread.user + mainThread.system) / 1000 / N,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    eventLoopP99Ms: delay.percentile(99) / 1e6,
    tokensAt,
    failures,
  },
});
process.disconnect();
