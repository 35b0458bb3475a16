import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthJwtProperties } from '@ones.dev/common';
import { describe, expect, it } from 'vitest';
import {
  decodeJwt,
  IDP_HOST,
  rejectionOf,
  SIGNER_URL,
  useIdpFixture,
} from '../../test/support/idp-fixture.js';
import { DeviceAuthentication } from '../device-authentication/device-authentication.js';
import type { OnesLogEvent } from '../device-authentication/device-authentication-options.js';
import { loadSystemConfig } from './load-system-config.js';

const fx = useIdpFixture({ keyType: 'ECC:p384' });

/** The device.yml px-device-identity would write for the fixture's device. */
async function deviceYml(extra = ''): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'ones-from-config-')), 'device.yml');
  const { deviceId, clientId, keyType } = fx.device;
  await writeFile(
    path,
    `id: ${deviceId}\nclient_id: ${clientId}\nhost: ${IDP_HOST}/\nkey_type: ${keyType}\n${extra}`,
  );
  return path;
}

describe('DeviceAuthentication.fromSystemConfig', () => {
  it("builds the device's instance from device.yml: its ids, IdP and key type, the px-device-identity signer", async () => {
    const events: OnesLogEvent[] = [];
    const auth = DeviceAuthentication.fromSystemConfig(loadSystemConfig(await deviceYml()), {
      authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Log in' }),
      deviceIdentityUrl: SIGNER_URL,
      logger: (event) => events.push(event),
    });
    const { access_token } = await auth.makeDeviceAccessToken();
    expect((await auth.tokenIntrospection(access_token)).active).toBe(true);
    const [assertion] = fx.idp.received.filter((r) => r.endpoint === 'token');
    expect(decodeJwt(assertion?.form.client_assertion ?? '').header.alg).toBe('ES384'); // the key type, not learned
    expect(assertion?.assertionClaims).toMatchObject({ iss: fx.device.clientId, aud: `${IDP_HOST}/oidc` });
    expect(fx.signer.received[0]?.deviceId).toBe(fx.device.deviceId);
    expect(events.every(({ message }) => message.startsWith('device-auth: '))).toBe(true);
    expect(events.some(({ message }) => message.includes('learned'))).toBe(false);
  });

  it("signs through device.yml's device_identity_url unless the options name another", async () => {
    const seen: string[] = [];
    const functions = {
      signingFunction: async ({ deviceIdentityUrl }: { deviceIdentityUrl: string }): Promise<string> => {
        seen.push(deviceIdentityUrl);
        throw new Error('only recording where it would sign');
      },
    };
    const authJwtProperties = new AuthJwtProperties({ bindingMessage: 'Log in' });
    const withUrl = loadSystemConfig(await deviceYml('device_identity_url: http://127.0.0.1:48123/sign\n'));
    await rejectionOf(
      DeviceAuthentication.fromSystemConfig(withUrl, { authJwtProperties, functions }).makeDeviceJwt(),
    );
    const overridden = { authJwtProperties, functions, deviceIdentityUrl: 'http://127.0.0.1:9/sign' };
    await rejectionOf(DeviceAuthentication.fromSystemConfig(withUrl, overridden).makeDeviceJwt());
    const withoutUrl = loadSystemConfig(await deviceYml());
    await rejectionOf(
      DeviceAuthentication.fromSystemConfig(withoutUrl, { authJwtProperties, functions }).makeDeviceJwt(),
    );
    expect(seen).toEqual([
      'http://127.0.0.1:48123/sign',
      'http://127.0.0.1:9/sign',
      'http://127.0.0.1:8000/sign',
    ]);
  });

  it('takes its own name, signing function and every other option', async () => {
    const config = loadSystemConfig(await deviceYml());
    const auth = DeviceAuthentication.fromSystemConfig(config, {
      name: 'shop',
      authJwtProperties: new AuthJwtProperties({ bindingMessage: 'Log in to Shop', scope: 'openid email' }),
      functions: {
        signingFunction: () => Promise.reject(new Error('no key here')),
      },
      timeoutMs: 500,
    });
    expect(auth.authJwtProperties.scope).toBe('openid email');
    expect((await rejectionOf(auth.makeDeviceJwt())).code).toBe('ERR_SIGNER_UNAVAILABLE');
  });
});
