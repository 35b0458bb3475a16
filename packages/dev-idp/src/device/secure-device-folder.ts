import { chmod, mkdir, readdir, stat } from 'node:fs/promises';

/** The files dev-idp keeps in the device folder. */
const DEVICE_FILES = new Set(['device.yml', 'device-key.pem']);

/**
 * Makes the folder of the device key (with its parents) when it is missing, and checks that no other
 * user can write to it: one who could would replace the key or `device.yml`. A folder that its group or
 * others can write is refused. A folder dev-idp has to itself (made now, or holding nothing but
 * `device.yml` and `device-key.pem`) is made 0700; a folder with other files in it (a project root, say)
 * keeps its mode, since the key file itself is 0600. Windows has no POSIX modes: nothing is checked.
 *
 * @param folder - where `device.yml` and `device-key.pem` go
 * @throws Error naming the folder, its mode and the fix (`chmod 700 <folder>`)
 */
export async function secureDeviceFolder(folder: string): Promise<void> {
  const made = await mkdir(folder, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') return;
  const mode = (await stat(folder)).mode & 0o777;
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
