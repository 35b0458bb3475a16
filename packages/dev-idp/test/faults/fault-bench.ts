// The fault suite's bench: dev-idp (a real OpenID provider) and its signer behind HTTP fault
// proxies, a real redis-server behind a TCP proxy, and login-kit instances sharing it.

import { DeviceAuthentication, loadSystemConfig, type OnesLogEvent } from '@ones.dev/backend-modules';
import {
  createOnesLogin,
  type OnesLogin,
  type OnesLoginOptions,
  RedisLoginStore,
} from '@ones.dev/backend-modules/login';
import { AuthJwtProperties } from '@ones.dev/common';
import { createClient } from 'redis';
import { expect } from 'vitest';
import { type HttpFaultProxy, startHttpFaultProxy } from '../../../../test-support/http-fault-proxy.js';
import { startTestRedis, type TestRedis } from '../../../../test-support/redis-server.js';
import { startTcpProxy, type TcpProxy } from '../../../../test-support/tcp-proxy.js';
import type { DevIdp } from '../../src/index.js';
import { backendFor, startTestIdp } from '../integration/dev-idp-fixture.js';

export const HOST = 'http://127.0.0.1:3000';
export const SECRET = 'the-fault-suite-cookie-secret-0123456789';

export interface FaultBench {
  readonly idp: DevIdp;
  readonly redis: TestRedis;
  /** Between the kit instances and Redis. */
  readonly redisLink: TcpProxy;
  /** Between the kit instances and the IdP, and the device's signer. */
  readonly idpProxy: HttpFaultProxy;
  readonly signerProxy: HttpFaultProxy;
  /** The device, talking to the IdP and the signer through the proxies. */
  readonly auth: DeviceAuthentication;
  /** What the instances logged. */
  readonly logs: OnesLogEvent[];
  /** A kit instance in this process, with a Redis client of its own (through the link). */
  instance(options?: Partial<OnesLoginOptions>): Promise<OnesLogin>;
  stop(): Promise<void>;
}

/** Starts the bench: every piece real, on loopback ports of its own. */
export async function startFaultBench(
  idpOptions: Parameters<typeof startTestIdp>[0] = {},
): Promise<FaultBench> {
  const [idp, redis] = await Promise.all([startTestIdp(idpOptions), startTestRedis()]);
  const [redisLink, idpProxy, signerProxy] = await Promise.all([
    startTcpProxy(redis.port),
    startHttpFaultProxy(idp.url),
    startHttpFaultProxy(new URL(idp.signer.url).origin),
  ]);
  const through = (url: string) => url.replace(idp.url, idpProxy.url);
  const direct = await backendFor(idp);
  const real = await direct.endpoints();
  const config = { ...loadSystemConfig(idp.device.configPath), authServerUrl: idpProxy.url };
  const auth = DeviceAuthentication.fromSystemConfig(config, {
    name: 'fault-suite',
    deviceIdentityUrl: `${signerProxy.url}${new URL(idp.signer.url).pathname}`,
    authJwtProperties: new AuthJwtProperties({
      scope: 'openid profile offline_access',
      bindingMessage: 'Fault suite',
    }),
    endpoints: {
      issuer: real.issuer,
      token: through(real.token),
      introspection: through(real.introspection),
      backchannelAuthentication: through(real.backchannelAuthentication),
      jwks: through(real.jwks),
      ...(real.revocation === undefined ? {} : { revocation: through(real.revocation) }),
      ...(real.userinfo === undefined ? {} : { userinfo: through(real.userinfo) }),
    },
  });
  const clients: { destroy(): void }[] = [];
  const logs: OnesLogEvent[] = [];
  const connected = async () => {
    const client = createClient({
      url: `redis://127.0.0.1:${redisLink.port}`,
      disableOfflineQueue: true,
      socket: { reconnectStrategy: () => 100, connectTimeout: 1_000 },
    });
    client.on('error', () => {});
    clients.push(client);
    await client.connect();
    return client;
  };
  return {
    idp,
    redis,
    redisLink,
    idpProxy,
    signerProxy,
    auth,
    logs,
    instance: async (options = {}) => {
      const client = await connected();
      const subscriber = await connected();
      return createOnesLogin({
        auth,
        secrets: [SECRET],
        origins: [HOST],
        store: new RedisLoginStore(client, { subscriber: subscriber as never }),
        logger: (event) => logs.push(event),
        // the suite logs the same users in many times: the limits are not what it tests
        rateLimits: {
          loginStartsPerAddress: { max: 1000, windowSeconds: 60 },
          loginStartsPerUserAndAddress: { max: 1000, windowSeconds: 60 },
          loginStartsPerUser: { max: 1000, windowSeconds: 60 },
        },
        ...options,
      });
    },
    stop: async () => {
      for (const client of clients) client.destroy();
      await Promise.all([redisLink.close(), idpProxy.close(), signerProxy.close()]);
      await Promise.all([idp.stop(), redis.stop()]);
    },
  };
}

/**
 * What every answer during a fault must be: JSON with a stable code (or the OAuth `error` the
 * browser helpers expect), no stack trace, no token, no secret, and in time.
 */
export async function expectSafeAnswer(
  response: Response,
  startedAt: number,
  secrets: readonly string[] = [SECRET],
) {
  expect(Date.now() - startedAt).toBeLessThan(5_000);
  const text = await response.text();
  if (response.status !== 204)
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
  expect(text).not.toMatch(/\bat \w+ \(|\.ts:\d|node_modules|eyJ/);
  for (const secret of secrets) expect(text).not.toContain(secret);
  const body = text === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
  if (response.status >= 400)
    expect(typeof body.code === 'string' || typeof body.error === 'string').toBe(true);
  return { status: response.status, body };
}
