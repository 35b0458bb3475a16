import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type JWK } from 'jose';
import { parse, stringify } from 'yaml';
import { ALG_BY_KEY_TYPE, type DevDeviceKeyType, isDevDeviceKeyType } from './device-key-type.js';
import { secureDeviceFolder } from './secure-device-folder.js';

/**
 * A device enrolled with the local OnesID: its ids, key and the `device.yml` written for it.
 *
 * @example
 * ```ts
 * import type { DevDevice } from '@ones.dev/dev-idp';
 * const describe = (device: DevDevice) => `${device.clientId} (${device.keyType}) in ${device.configPath}`;
 * ```
 */
export interface DevDevice {
  readonly deviceId: string;
  readonly clientId: string;
  readonly keyType: DevDeviceKeyType;
  readonly alg: (typeof ALG_BY_KEY_TYPE)[DevDeviceKeyType];
  /** The `device.yml` in px-device-identity's format; pass it to `loadSystemConfig`. */
  readonly configPath: string;
  /** The private key (PKCS#8 PEM), as px-device-identity would hold it; file mode 0600. */
  readonly keyPath: string;
  readonly privateKeyPem: string;
  readonly publicJwk: JWK;
}

/**
 * Enrols a device for development: a new key pair of `keyType` and a `device.yml` naming `host`,
 * written into `folder`. When the folder already holds a device of that key type, it is reused (so a
 * backend configured with its `device.yml` keeps working across restarts). On every start the key
 * and `device.yml` are made 0600, and the folder is checked as {@link secureDeviceFolder} says.
 *
 * @throws Error when the folder is writable by other users
 */
export async function enrolDevice(
  folder: string,
  host: string,
  keyType: DevDeviceKeyType,
): Promise<DevDevice> {
  const configPath = join(folder, 'device.yml');
  const keyPath = join(folder, 'device-key.pem');
  await secureDeviceFolder(folder);
  const existing = await readExisting(configPath, keyPath);
  const alg = ALG_BY_KEY_TYPE[keyType];
  let deviceId: string;
  let clientId: string;
  let privateKeyPem: string;
  if (existing !== undefined && existing.keyType === keyType) {
    ({ deviceId, clientId, privateKeyPem } = existing);
  } else {
    deviceId = `dev-device-${crypto.randomUUID()}`;
    clientId = `dev-client-${crypto.randomUUID()}`;
    const { privateKey } = await generateKeyPair(alg, {
      extractable: true,
      ...(alg === 'RS256' ? { modulusLength: 2048 } : {}),
    });
    privateKeyPem = await exportPKCS8(privateKey);
    await writeFile(keyPath, privateKeyPem, { mode: 0o600 });
  }
  await chmod(keyPath, 0o600); // `mode` only applies to new files, and a reused key may have been loosened
  const yml = {
    config_version: 1,
    initiated_on: new Date().toISOString(),
    id: deviceId,
    client_id: clientId,
    host,
    domain: new URL(host).hostname,
    key_type: keyType,
    key_security: 'default',
    role: 'DESKTOP',
    title: 'OnesID dev device',
    location: 'development',
    is_managed: false,
  };
  await writeFile(configPath, stringify(yml), { mode: 0o600 });
  await chmod(configPath, 0o600);
  const privateKey = await importPKCS8(privateKeyPem, alg, { extractable: true });
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = await exportJWK(privateKey);
  return {
    deviceId,
    clientId,
    keyType,
    alg,
    configPath,
    keyPath,
    privateKeyPem,
    publicJwk: { ...publicJwk, alg, use: 'sig' },
  };
}

async function readExisting(configPath: string, keyPath: string) {
  try {
    const yml = parse(await readFile(configPath, 'utf8')) as Record<string, unknown>;
    const privateKeyPem = await readFile(keyPath, 'utf8');
    if (typeof yml.id !== 'string' || typeof yml.client_id !== 'string' || !isDevDeviceKeyType(yml.key_type))
      return undefined;
    return { deviceId: yml.id, clientId: yml.client_id, keyType: yml.key_type, privateKeyPem };
  } catch {
    return undefined;
  }
}

/**
 * Records where the device's signer listens in its `device.yml` (`device_identity_url`, which
 * `loadSystemConfig` reads and `DeviceAuthentication.fromSystemConfig` uses), so that a backend
 * configured from the file signs through it on whatever port it got.
 */
export async function recordDeviceIdentityUrl(device: DevDevice, url: string): Promise<void> {
  const yml = parse(await readFile(device.configPath, 'utf8')) as Record<string, unknown>;
  await writeFile(device.configPath, stringify({ ...yml, device_identity_url: url }), { mode: 0o600 });
}
