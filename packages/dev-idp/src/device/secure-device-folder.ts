import { chmod, lstat, mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The files dev-idp keeps in the device folder. */
const DEVICE_FILES = new Set(['device.yml', 'device-key.pem']);

/**
 * Makes the folder of the device key (with its parents) when it is missing, and checks that no other
 * user can write to it: one who could would replace the key or `device.yml`. A folder of another user,
 * one that its group or others can write, or a device file that is a symbolic link is refused. A folder dev-idp has to itself (made now, or holding nothing but
 * `device.yml` and `device-key.pem`) is made 0700; a folder with other files in it (a project root, say)
 * keeps its mode, since the key file itself is 0600. Windows has no POSIX modes: nothing is checked.
 *
 * @param folder - where `device.yml` and `device-key.pem` go
 * @throws Error naming the folder, its mode and the fix (`chmod 700 <folder>`); for a folder of
 * another user, or a device file that is a symbolic link
 */
export async function secureDeviceFolder(folder: string): Promise<void> {
  const made = await mkdir(folder, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const info = await stat(folder);
  const mode = info.mode & 0o777;
  if (info.uid !== process.getuid?.()) {
    throw new Error(
      `dev-idp will not keep the device key in ${folder}: the folder belongs to another user ` +
        `(uid ${info.uid}), who could replace the key or device.yml. Choose a folder of your own.`,
    );
  }
  for (const name of DEVICE_FILES) {
    const file = await lstat(join(folder, name)).catch(() => undefined);
    if (file?.isSymbolicLink()) {
      throw new Error(
        `dev-idp will not use ${join(folder, name)}: it is a symbolic link, and writing the device key ` +
          'or changing its mode would follow it. Remove the link, or choose another folder.',
      );
    }
  }
  if ((mode & 0o022) !== 0) {
    throw new Error(
      `dev-idp will not keep the device key in ${folder}: the folder is writable by other users ` +
        `(mode ${mode.toString(8)}), who could replace the key or device.yml. ` +
        `Run chmod 700 ${folder}, or choose another folder.`,
    );
  }
  const ownFolder = made !== undefined || (await readdir(folder)).every((name) => DEVICE_FILES.has(name));
  if (ownFolder && mode !== 0o700) await chmod(folder, 0o700);
}
