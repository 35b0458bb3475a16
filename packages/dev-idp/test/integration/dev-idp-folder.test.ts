import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDevIdp } from '../../src/index.js';

describe("dev-idp's device folder", () => {
  it('removes the temporary folder it made, the device key with it, when stopped', async () => {
    const idp = await startDevIdp();
    const folder = dirname(idp.device.keyPath);
    expect(existsSync(idp.device.keyPath)).toBe(true);
    expect(existsSync(idp.device.configPath)).toBe(true);
    await idp.stop();
    expect(existsSync(folder)).toBe(false);
  });

  it('keeps a folder the caller named (a device reused across runs)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'dev-idp-folder-'));
    try {
      const idp = await startDevIdp({ folder });
      await idp.stop();
      expect(existsSync(join(folder, 'device.yml'))).toBe(true);
      const again = await startDevIdp({ folder });
      expect(again.device.keyPath).toBe(idp.device.keyPath);
      expect(again.device.deviceId).toBe(idp.device.deviceId);
      await again.stop();
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
