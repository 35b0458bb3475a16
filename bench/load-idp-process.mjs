// For the load benchmark: dev-idp in its own child process (so the measured client process holds
// only the client's work), approving each login when told to, `delayMs` after, and reporting when it
// approved (its clock is the machine's) and how many requests it answered per endpoint.

import { fork } from 'node:child_process';

if (process.send !== undefined && process.argv[2] === '--child') {
  const { startDevIdp } = await import('@ones.dev/dev-idp');
  const pingEndpoint = process.argv[3] === '-' ? undefined : process.argv[3];
  const users = Number(process.argv[4] ?? 0);
  const idp = await startDevIdp({
    cibaIntervalSeconds: 2,
    ...(pingEndpoint === undefined ? {} : { cibaPingEndpoint: pingEndpoint }),
    // `users` users of their own (user-0 …), for benchmarks where each browser is someone else
    ...(users > 0
      ? {
          users: Array.from({ length: users }, (_, index) => ({
            username: `user-${index}`,
            sub: `sub-user-${index}`,
          })),
        }
      : {}),
  });
  const approvedAt = {};
  process.on('message', ({ approve, delayMs, report }) => {
    if (report) return process.send({ report: { approvedAt, counts: idp.requestCounts() } });
    setTimeout(() => {
      approvedAt[approve] = Date.now();
      idp
        .approveLogin({ authReqId: approve })
        .catch((error) => console.error('approve failed', error.message));
    }, delayMs);
  });
  process.on('disconnect', () => void idp.stop().then(() => process.exit(0)));
  process.send({
    ready: { configPath: idp.device.configPath, privateKeyPem: idp.device.privateKeyPem, issuer: idp.issuer },
  });
}

/**
 * Starts dev-idp (CIBA interval 2 s; ping mode towards `pingEndpoint` when given; `users` users of
 * its own instead of alice and bob) in a child process.
 */
export async function startLoadIdp(pingEndpoint, { users = 0 } = {}) {
  const child = fork(new URL(import.meta.url), ['--child', pingEndpoint ?? '-', String(users)], {
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let onReport;
  const ready = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`dev-idp exited with ${code}`)));
    child.on('message', (message) => {
      if (message.ready) resolve(message.ready);
      if (message.report) onReport?.(message.report);
    });
  });
  return {
    ...ready,
    approveAfter: (authReqId, delayMs) => child.send({ approve: authReqId, delayMs }),
    report: () =>
      new Promise((resolve) => {
        onReport = resolve;
        child.send({ report: true });
      }),
    stop: () => child.disconnect(),
  };
}
