import { chmod, chown, mkdir, mkdtemp, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrolDevice } from './enrol-device.js';

// The device key stays private to the user running dev-idp, whatever modes its folder and files had.
let parent: string;

beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'dev-idp-enrol-'));
});
afterEach(() => rm(parent, { recursive: true }));

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe.skipIf(process.platform === 'win32')('the device folder and files', () => {
  it('a new folder is made 0700 and its key and device.yml 0600', async () => {
    const folder = join(parent, 'new', '.ones-dev');
    const device = await enrolDevice(folder, 'http://127.0.0.1:4000', 'ECC:p256');
    expect(await modeOf(folder)).toBe(0o700);
    expect(await modeOf(device.keyPath)).toBe(0o600);
    expect(await modeOf(device.configPath)).toBe(0o600);
  });

  it('a reused device gets its key and device.yml back to 0600 and its folder to 0700', async () => {
    const folder = join(parent, '.ones-dev');
    const first = await enrolDevice(folder, 'http://127.0.0.1:4000', 'ECC:p256');
    await chmod(first.keyPath, 0o644);
    await chmod(first.configPath, 0o644);
    await chmod(folder, 0o755);
    const again = await enrolDevice(folder, 'http://127.0.0.1:4000', 'ECC:p256');
    expect(again.deviceId).toBe(first.deviceId); // reused, not a new key
    expect(await modeOf(again.keyPath)).toBe(0o600);
    expect(await modeOf(again.configPath)).toBe(0o600);
    expect(await modeOf(folder)).toBe(0o700);
  });

  it('a folder that holds other files keeps its mode; the key in it is still 0600', async () => {
    const folder = join(parent, 'project');
    await mkdir(folder);
    await chmod(folder, 0o755);
    await writeFile(join(folder, 'package.json'), '{}');
    const device = await enrolDevice(folder, 'http://127.0.0.1:4000', 'ECC:p256');
    expect(await modeOf(folder)).toBe(0o755);
    expect(await modeOf(device.keyPath)).toBe(0o600);
  });

  it.each([
    ['group-writable', 0o775],
    ['world-writable', 0o757],
    ['world-writable with the sticky bit (like /tmp)', 0o1777],
  ])(
    'a folder that is %s is refused, naming the folder and the fix, and nothing is written',
    async (_, mode) => {
      const folder = join(parent, 'shared');
      await mkdir(folder);
      await chmod(folder, mode);
      await expect(enrolDevice(folder, 'http://127.0.0.1:4000', 'ECC:p256')).rejects.toThrow(
        new Error(
          `dev-idp will not keep the device key in ${folder}: the folder is writable by other users ` +
            `(mode ${(mode & 0o777).toString(8)}), who could replace the key or device.yml. ` +
            `Run chmod 700 ${folder}, or choose another folder.`,
        ),
      );
      expect(await readdir(folder)).toEqual([]);
    },
  );

  it('a key file that is a symbolic link is refused: writing or chmod-ing it would follow the link', async () => {
    const folder = join(parent, '.ones-dev');
    await mkdir(folder, { mode: 0o700 });
    const elsewhere = join(parent, 'somebody-elses-file');
    await writeFile(elsewhere, 'not a key');
    await chmod(elsewhere, 0o644);
    await symlink(elsewhere, join(folder, 'device-key.pem'));
    await expect(enrolDevice(folder, 'http://127.0.0.1:4000', 'ECC:p256')).rejects.toThrow(
      `dev-idp will not use ${join(folder, 'device-key.pem')}: it is a symbolic link`,
    );
    expect(await modeOf(elsewhere)).toBe(0o644);
  });

  it.runIf(process.getuid?.() === 0)('a folder that belongs to another user is refused', async () => {
    const folder = join(parent, 'theirs');
    await mkdir(folder, { mode: 0o755 });
    await chown(folder, 65534, 65534);
    await expect(enrolDevice(folder, 'http://127.0.0.1:4000', 'ECC:p256')).rejects.toThrow(
      `dev-idp will not keep the device key in ${folder}: the folder belongs to another user (uid 65534)`,
    );
    expect(await readdir(folder)).toEqual([]);
  });
});
