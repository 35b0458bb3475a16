// Shared by the benchmarks: dev-idp in its own child process, so a benchmark's process holds only
// the client work it measures (oidc-provider's CPU would otherwise drown a difference of a few ms).
// The child answers `approveLogin` over IPC.

import { fork } from 'node:child_process';

if (process.send !== undefined && process.argv[2] === '--child') {
  const { startDevIdp } = await import('@ones.dev/dev-idp');
  const idp = await startDevIdp({ cibaIntervalSeconds: 1 });
  process.on('message', async ({ id, approve }) => {
    await idp.approveLogin({ authReqId: approve });
    process.send({ id });
  });
  process.on('disconnect', () => void idp.stop().then(() => process.exit(0)));
  process.send({ ready: { configPath: idp.device.configPath, privateKeyPem: idp.device.privateKeyPem } });
}

/**
 * Starts dev-idp in a child process; resolves with the device's `configPath` and `privateKeyPem`,
 * `approveLogin({ authReqId })` and `stop()`.
 */
export async function startDevIdpProcess() {
  const child = fork(new URL(import.meta.url), ['--child'], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map();
  let next = 0;
  const ready = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`dev-idp exited with ${code}`)));
    child.on('message', (message) => {
      if (message.ready) resolve(message.ready);
      else pending.get(message.id)?.();
    });
  });
  return {
    ...ready,
    approveLogin: ({ authReqId }) =>
      new Promise((resolve) => {
        const id = next++;
        pending.set(id, () => {
          pending.delete(id);
          resolve();
        });
        child.send({ id, approve: authReqId });
      }),
    stop: () => child.disconnect(),
  };
}
