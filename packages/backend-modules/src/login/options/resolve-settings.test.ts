import { describe, expect, it } from 'vitest';
import { thrownBy } from '../../../test/support/idp-fixture.js';
import type { DeviceAuthentication } from '../../device-authentication/device-authentication.js';
import { createOnesLogin } from '../create-ones-login.js';
import type { OnesLoginOptions } from './ones-login-options.js';

const auth = { checkCibaStatus: () => {} } as unknown as DeviceAuthentication;
const valid: OnesLoginOptions = { auth, secrets: ['x'.repeat(32)], origins: ['https://shop.example'] };

const failureOf = (options: Partial<OnesLoginOptions>) =>
  thrownBy(() => createOnesLogin({ ...valid, ...options } as OnesLoginOptions));

describe('createOnesLogin checks its options at construction', () => {
  it.each([
    [
      { secrets: ['too-short'] },
      'createOnesLogin: "secrets[0]" is 9 bytes; it must be at least 32 (e.g. `openssl rand -base64 32`)',
    ],
    [{ secrets: [] }, 'createOnesLogin: "secrets" must list at least one secret'],
    [
      { secrets: [42 as unknown as string] },
      'createOnesLogin: "secrets[0]" must be a string or a Uint8Array',
    ],
    [{ origins: [] }, 'createOnesLogin: "origins" must list the origins of your pages'],
    [
      { origins: ['https://shop.example/app'] },
      'createOnesLogin: "origins[0]" must be an origin (scheme, host and port, nothing else), e.g. https://shop.example',
    ],
    [
      { origins: ['shop.example'] },
      'createOnesLogin: "origins[0]" must be an origin such as https://shop.example',
    ],
    [{ mode: 'cookies' as 'session' }, 'createOnesLogin: "mode" must be "session" or "tokens"'],
    [{ basePath: 'api/auth' }, 'createOnesLogin: "basePath" must be a path such as /api/auth'],
    [{ trustedProxyHops: -1 }, 'createOnesLogin: "trustedProxyHops" must be a whole number from 0 to 10'],
    [
      { sessionSeconds: { idle: 3600, absolute: 60 } },
      'createOnesLogin: "sessionSeconds.absolute" must be a whole number from 3600 to 2592000',
    ],
    [
      { rateLimits: { loginStartsPerUser: { max: 0, windowSeconds: 60 } } },
      'createOnesLogin: "rateLimits.loginStartsPerUser.max" must be a whole number from 1 to 1000000',
    ],
    [{ auth: {} as DeviceAuthentication }, 'createOnesLogin: "auth" must be a DeviceAuthentication'],
    [
      { cibaPing: { holdSeconds: 30 } },
      'createOnesLogin: "cibaPing.holdSeconds" must be a whole number from 1 to 8',
    ],
    [
      { loginHintKinds: ['username', 'nickname'] as never },
      'createOnesLogin: "loginHintKinds" must list one or more of username, email, phone, sub',
    ],
    [
      { loginHintKinds: [] as string[] as never },
      'createOnesLogin: "loginHintKinds" must list one or more of username, email, phone, sub',
    ],
    [
      {
        loginHintKinds: ['username', 'email', 'phone'] as never,
        rateLimits: { loginStartsPerUser: { max: 2, windowSeconds: 60 } },
      },
      'createOnesLogin: "rateLimits.loginStartsPerUser.max" must be at least the number of loginHintKinds (3)',
    ],
    [
      { storeOutage: { sessions: 'accept' as 'serve' } },
      'createOnesLogin: "storeOutage.sessions" must be "refuse" or "serve"',
    ],
    [
      { storeOutage: { sessions: 'serve', serveSeconds: 7200 } },
      'createOnesLogin: "storeOutage.serveSeconds" must be a whole number from 1 to 3600',
    ],
    [{ bodyTimeoutSeconds: 0 }, 'createOnesLogin: "bodyTimeoutSeconds" must be a whole number from 1 to 60'],
    [
      { hideUnknownUsers: 'yes' as unknown as boolean },
      'createOnesLogin: "hideUnknownUsers" must be true or false',
    ],
    [
      { rateLimits: { requestsWithoutAddress: { max: 10, windowSeconds: 0 } } },
      'createOnesLogin: "rateLimits.requestsWithoutAddress.windowSeconds" must be a whole number from 1 to 86400',
    ],
  ] as [Partial<OnesLoginOptions>, string][])(
    '%j is refused with a message naming the option',
    (options, message) => {
      const error = failureOf(options);
      expect([error.name, error.code, error.message]).toEqual([
        'OnesConfigError',
        'ERR_CONFIG_INVALID',
        message,
      ]);
    },
  );

  it('accepts a 32-byte Uint8Array secret and an origin with a trailing slash', () => {
    const login = createOnesLogin({
      ...valid,
      secrets: [new Uint8Array(32)],
      origins: ['https://shop.example/'],
    });
    expect(Object.keys(login).sort()).toEqual(['accessToken', 'fetch', 'node', 'session']);
  });

  it('never puts the secret in an error message', () => {
    const secret = 'short-secret';
    expect(failureOf({ secrets: [secret] }).message).not.toContain(secret);
  });
});
