import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { OnesConfigError } from '@ones.dev/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { thrownBy } from '../../test/support/idp-fixture.js';
import { loadSystemConfig } from './load-system-config.js';

// What px-device-identity writes on a registered device.
const DEVICE_YML = `config_version: 1
initiated_on: '2026-01-15T10:12:00+00:00'
id: 8f1c2d3e-device
client_id: shop-backend-client
host: https://id.example.com/
domain: example.com
key_type: ECC:p256
key_security: default
role: DESKTOP
title: Shop backend
location: Rack 4
is_managed: true
`;

let folder = '';
async function deviceYml(name: string, content: string): Promise<string> {
  const path = join(folder, name);
  await writeFile(path, content);
  return path;
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'ones-device-yml-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('loadSystemConfig', () => {
  it('answers synchronously, so the vendor destructuring gets the values and not a Promise', async () => {
    const path = await deviceYml('vendor.yml', DEVICE_YML);
    const { deviceId, clientId, authServerUrl } = loadSystemConfig(path);
    expect([deviceId, clientId, authServerUrl]).toEqual([
      '8f1c2d3e-device',
      'shop-backend-client',
      'https://id.example.com',
    ]);
  });

  it('reads every field px-device-identity writes, in the SDK names, without the trailing slash', async () => {
    const config = loadSystemConfig(await deviceYml('device.yml', DEVICE_YML));
    expect(config).toEqual({
      deviceId: '8f1c2d3e-device',
      clientId: 'shop-backend-client',
      authServerUrl: 'https://id.example.com',
      keyType: 'ECC:p256',
      keySecurity: 'default',
      role: 'DESKTOP',
      domain: 'example.com',
      title: 'Shop backend',
      location: 'Rack 4',
      isManaged: true,
      configVersion: '1',
      initiatedOn: '2026-01-15T10:12:00+00:00',
      deviceIdentityUrl: undefined,
    });
  });

  it('reads device_identity_url (dev-idp writes it), and refuses one that is not an http(s) URL', async () => {
    const base = 'id: d1\nclient_id: c1\nhost: http://127.0.0.1:4000\nkey_type: RSA:2048\n';
    const config = loadSystemConfig(
      await deviceYml('signer.yml', `${base}device_identity_url: http://127.0.0.1:48123/sign\n`),
    );
    expect(config.deviceIdentityUrl).toBe('http://127.0.0.1:48123/sign');
    const path = await deviceYml('bad-signer.yml', `${base}device_identity_url: file:///etc/passwd\n`);
    expect(() => loadSystemConfig(path)).toThrow('"device_identity_url" is missing or malformed');
  });

  it('leaves optional fields undefined when absent', async () => {
    const minimal = 'id: d1\nclient_id: c1\nhost: http://127.0.0.1:4000\nkey_type: RSA:2048\n';
    const config = loadSystemConfig(await deviceYml('minimal.yml', minimal));
    expect(config).toMatchObject({
      deviceId: 'd1',
      clientId: 'c1',
      authServerUrl: 'http://127.0.0.1:4000',
      keyType: 'RSA:2048',
    });
    expect(config.isManaged).toBeUndefined();
    expect(config.title).toBeUndefined();
  });

  it('names the file and says how to fix it when it does not exist', async () => {
    const path = join(folder, 'missing.yml');
    const error = thrownBy(() => loadSystemConfig(path));
    expect(error).toBeInstanceOf(OnesConfigError);
    expect(error.code).toBe('ERR_CONFIG_INVALID');
    expect(error.message).toBe(
      `${path}: the file does not exist (is this device registered with px-device-identity?)`,
    );
  });

  it('says a path that cannot be read as a file cannot be read', async () => {
    const error = thrownBy(() => loadSystemConfig(folder));
    expect(error).toBeInstanceOf(OnesConfigError);
    expect(error.message).toBe(
      `${folder}: the file cannot be read (is this device registered with px-device-identity?)`,
    );
  });

  it('refuses bad YAML, naming the file', async () => {
    const path = await deviceYml('broken.yml', 'id: [unclosed\nclient_id: c1\n');
    const error = thrownBy(() => loadSystemConfig(path));
    expect(error).toBeInstanceOf(OnesConfigError);
    expect(error.message).toBe(`${path}: the file is not valid YAML (line 2)`);
  });

  it("pointed at the wrong file, keeps none of that file's lines in the error, at any depth", async () => {
    const path = await deviceYml('.env', 'DATABASE_PASSWORD=hunter2-secret\n  : [oops\n');
    const error = thrownBy(() => loadSystemConfig(path));
    expect(error.message).toMatch(/the file is not valid YAML/);
    expect(inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: true })).not.toContain('hunter2');
  });

  it('uses the YAML core schema only: custom tags, aliases and duplicate keys are refused', async () => {
    const tagged = await deviceYml(
      'tagged.yml',
      DEVICE_YML.replace('id: 8f1c2d3e-device', 'id: !!js/function "x"'),
    );
    expect(thrownBy(() => loadSystemConfig(tagged)).message).toBe(
      `${tagged}: the file is not valid YAML (line 3)`,
    );
    const duplicated = await deviceYml('duplicated.yml', `${DEVICE_YML}id: someone-else\n`);
    expect(thrownBy(() => loadSystemConfig(duplicated)).message).toMatch(/the file is not valid YAML/);
    const aliased = await deviceYml('aliased.yml', `${DEVICE_YML}extra: &a [1]\nmore: *a\n`);
    expect(thrownBy(() => loadSystemConfig(aliased)).message).toBe(`${aliased}: the file is not valid YAML`);
  });

  it.each([
    ['a missing client_id', DEVICE_YML.replace('client_id: shop-backend-client\n', ''), 'client_id'],
    ['a numeric id', DEVICE_YML.replace('id: 8f1c2d3e-device', 'id: 12345'), 'id'],
    ['an empty id', DEVICE_YML.replace('id: 8f1c2d3e-device', "id: ''"), 'id'],
    [
      'a host that is not a URL',
      DEVICE_YML.replace('host: https://id.example.com/', 'host: id.example.com'),
      'host',
    ],
    ['an unknown key type', DEVICE_YML.replace('key_type: ECC:p256', 'key_type: DSA:1024'), 'key_type'],
    ['is_managed as text', DEVICE_YML.replace('is_managed: true', 'is_managed: "yes"'), 'is_managed'],
  ])('refuses %s, naming the field', async (_case, content, field) => {
    const path = await deviceYml(`bad-${field}.yml`, content);
    const error = thrownBy(() => loadSystemConfig(path));
    expect(error).toBeInstanceOf(OnesConfigError);
    expect(error.message).toBe(`${path}: "${field}" is missing or malformed`);
  });

  it('refuses a file that is not a mapping', async () => {
    const path = await deviceYml('list.yml', '- id\n- client_id\n');
    expect(thrownBy(() => loadSystemConfig(path)).message).toBe(`${path}: the file must be a YAML mapping`);
  });
});
